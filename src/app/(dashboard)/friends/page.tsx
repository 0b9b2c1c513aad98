import type { Metadata } from "next";
import { Suspense } from "react";
import { FriendsView } from "@/features/social/components/friends-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { firstParam, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Friends" };

export default async function FriendsPage({ searchParams }: { searchParams: SearchParams }) {
  const tab = firstParam((await searchParams).tab);
  await requireSession(tab ? `/friends?tab=${encodeURIComponent(tab)}` : "/friends");
  prefetch(trpc.social.friends.queryOptions());
  prefetch(trpc.social.incoming.queryOptions());
  prefetch(trpc.social.outgoing.queryOptions());
  return (
    <HydrateClient>
      <Suspense>
        <FriendsView />
      </Suspense>
    </HydrateClient>
  );
}
