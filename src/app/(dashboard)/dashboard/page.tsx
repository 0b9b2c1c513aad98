import type { Metadata } from "next";
import { DashboardHome } from "@/features/identity/components/dashboard/dashboard-home";
import { RECENT_AGENTS } from "@/features/identity/components/dashboard/queries";
import { requireSession } from "@/features/identity/session";
import { publicOrigin } from "@/lib/origin";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Home" };

export default async function DashboardPage() {
  await requireSession("/dashboard");
  // The calendar tile asks for the reader's week in the browser (it depends on their time zone).
  await prefetch(
    trpc.identity.me.queryOptions(),
    trpc.identity.inviteCode.queryOptions(),
    trpc.agents.list.queryOptions(RECENT_AGENTS),
    trpc.social.friends.queryOptions(),
    trpc.social.incoming.queryOptions(),
    trpc.inbox.list.queryOptions({ status: "pending" }),
    trpc.models.list.queryOptions(),
  );
  return (
    <HydrateClient>
      <DashboardHome origin={await publicOrigin()} />
    </HydrateClient>
  );
}
