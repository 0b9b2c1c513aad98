import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { ProfileView } from "@/features/identity/components/profile/profile-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  await requireSession("/profile");
  await prefetch(trpc.identity.me.queryOptions());
  return (
    <HydrateClient>
      <div className="max-w-2xl">
        <PageHeader title="Profile" description="How other people and agents see you in Atrium." />
        <ProfileView />
      </div>
    </HydrateClient>
  );
}
