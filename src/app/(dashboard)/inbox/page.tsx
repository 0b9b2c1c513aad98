import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxView } from "@/features/calendar/components/inbox/inbox-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { firstParam, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: SearchParams }) {
  const status = firstParam((await searchParams).status);
  await requireSession(status ? `/inbox?status=${encodeURIComponent(status)}` : "/inbox");
  const pending = trpc.inbox.list.queryOptions({ status: "pending" });
  const shown = status === "accepted" || status === "dismissed" ? trpc.inbox.list.queryOptions({ status }) : status === "all" ? trpc.inbox.list.queryOptions({}) : pending;
  await prefetch(pending, shown);
  return (
    <HydrateClient>
      <Suspense>
        <InboxView />
      </Suspense>
    </HydrateClient>
  );
}
