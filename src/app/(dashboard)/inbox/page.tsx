import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxView } from "@/features/calendar/components/inbox/inbox-view";
import { requireSession } from "@/features/identity/session";
import { getQueryClient, HydrateClient, trpc } from "@/lib/trpc/server";
import { firstParam, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: SearchParams }) {
  const status = firstParam((await searchParams).status);
  await requireSession(status ? `/inbox?status=${encodeURIComponent(status)}` : "/inbox");
  // Awaited (not streamed) so the server and the first client render agree.
  await getQueryClient().prefetchQuery(trpc.inbox.list.queryOptions({ status: "pending" }));
  return (
    <HydrateClient>
      <Suspense>
        <InboxView />
      </Suspense>
    </HydrateClient>
  );
}
