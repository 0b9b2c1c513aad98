import type { Metadata } from "next";
import { Suspense } from "react";
import { ApprovalsView } from "@/features/approvals/components/approvals-view";
import { FILTERS, listInput, type ApprovalFilter } from "@/features/approvals/components/filters";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { firstParam, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const status = firstParam(params.status);
  const id = firstParam(params.id);
  const filter: ApprovalFilter = FILTERS.includes(status as ApprovalFilter) ? (status as ApprovalFilter) : "all";
  const query = new URLSearchParams({ ...(filter !== "all" ? { status: filter } : {}), ...(id ? { id } : {}) }).toString();
  await requireSession(query ? `/approvals?${query}` : "/approvals");
  await prefetch(trpc.approvals.list.queryOptions(listInput(filter)), trpc.approvals.totpStatus.queryOptions());
  return (
    <HydrateClient>
      <Suspense>
        <ApprovalsView initialFilter={filter} />
      </Suspense>
    </HydrateClient>
  );
}
