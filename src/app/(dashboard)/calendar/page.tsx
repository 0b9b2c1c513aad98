import type { Metadata } from "next";
import { Suspense } from "react";
import { CalendarView } from "@/features/calendar/components/calendar-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { firstParam, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Calendar" };

export default async function CalendarPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const query = new URLSearchParams();
  for (const key of ["view", "date"]) {
    const value = firstParam(params[key]);
    if (value) query.set(key, value);
  }
  await requireSession(query.size ? `/calendar?${query.toString()}` : "/calendar");
  // The range depends on the reader's time zone, so the browser fetches it; friends give owner names.
  await prefetch(trpc.social.friends.queryOptions());
  return (
    <HydrateClient>
      <Suspense>
        <CalendarView />
      </Suspense>
    </HydrateClient>
  );
}
