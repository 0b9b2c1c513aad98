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
  await prefetch(trpc.social.friends.queryOptions(), trpc.social.incoming.queryOptions(), trpc.social.outgoing.queryOptions());
  return (
    <HydrateClient>
      <Suspense>
        <FriendsView />
      </Suspense>
    </HydrateClient>
  );
}
