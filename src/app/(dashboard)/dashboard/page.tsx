import type { Metadata } from "next";
import { DashboardHome } from "@/features/identity/components/dashboard/dashboard-home";
import { requireSession } from "@/features/identity/session";
import { publicOrigin } from "@/lib/origin";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Home" };

export default async function DashboardPage() {
  await requireSession("/dashboard");
  prefetch(trpc.identity.me.queryOptions());
  prefetch(trpc.identity.inviteCode.queryOptions());
  return (
    <HydrateClient>
      <DashboardHome origin={await publicOrigin()} />
    </HydrateClient>
  );
}
