import type { Metadata } from "next";
import { Suspense } from "react";
import { FriendsView } from "@/features/social/components/friends-view";
import { requireSession } from "@/features/identity/session";
import { getQueryClient, HydrateClient, trpc } from "@/lib/trpc/server";
import { firstParam, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Friends" };

export default async function FriendsPage({ searchParams }: { searchParams: SearchParams }) {
  const tab = firstParam((await searchParams).tab);
  await requireSession(tab ? `/friends?tab=${encodeURIComponent(tab)}` : "/friends");
  // Awaited (not streamed) so the server and the first client render agree on the counts.
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.social.friends.queryOptions()),
    queryClient.prefetchQuery(trpc.social.incoming.queryOptions()),
    queryClient.prefetchQuery(trpc.social.outgoing.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <Suspense>
        <FriendsView />
      </Suspense>
    </HydrateClient>
  );
}
