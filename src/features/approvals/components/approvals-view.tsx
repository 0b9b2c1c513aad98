"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CheckIcon, ChevronRightIcon } from "@/components/ui/icons";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { Tabs, tabId, tabPanelId, type TabItem } from "@/components/ui/tabs";
import { useTRPC } from "@/lib/trpc/client";
import { FILTER_LABELS as LABELS, FILTERS, listInput, type ApprovalFilter } from "./filters";
import { ApprovalDrawer } from "./approval-drawer";
import { StatusPill } from "./status-pill";
import { Since } from "./time";


/** LiveEvents refreshes the list as approvals arrive or are decided; this is the fallback when the stream is down. */
const REFETCH_MS = 30_000;

/**
 * The approvals you decide: pending first (oldest first), filters by state, a drawer with the
 * payload and Approve / Reject (with your TOTP code when two-step approval is on). `?id=` opens one.
 */
export function ApprovalsView({ initialFilter }: { initialFilter: ApprovalFilter }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [filter, setFilter] = useState<ApprovalFilter>(initialFilter);
  const list = useQuery({ ...trpc.approvals.list.queryOptions(listInput(filter)), refetchInterval: REFETCH_MS });
  const openId = params.get("id");

  const open = (id: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (id) next.set("id", id);
    else next.delete("id");
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const choose = (value: ApprovalFilter) => {
    setFilter(value);
    const next = new URLSearchParams(params.toString());
    if (value === "all") next.delete("status");
    else next.set("status", value);
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  const tabs: TabItem<ApprovalFilter>[] = FILTERS.map((value) => ({ value, label: LABELS[value], ...(value === "pending" || value === "all" ? { count: list.data?.pending } : {}) }));

  return (
    <>
      <PageHeader title="Approvals" description="Agent tool calls and other actions that wait for your decision. Pending requests come first." />
      <Card className="overflow-hidden">
        <Tabs items={tabs} value={filter} onChange={choose} label="Filter approvals by state" idBase="approvals" className="px-3 sm:px-4" />
        <div id={tabPanelId("approvals")} role="tabpanel" aria-labelledby={tabId("approvals", filter)}>
          <QueryList
            query={list}
            what="approvals"
            skeleton={<ListSkeleton label="Loading approvals" action />}
            isEmpty={(data) => data.items.length === 0}
            empty={
              <EmptyState
                icon={<CheckIcon />}
                title={filter === "pending" || filter === "all" ? "Nothing waits for you" : `No ${LABELS[filter].toLowerCase()} approvals`}
                description="When an agent calls a tool you marked “Needs approval”, the request shows up here and on your bell."
              />
            }
          >
            {(data) => (
              <ul className="divide-y divide-zinc-100" aria-label="Approvals">
                {data.items.map((a) => (
                  <li key={a.id}>
                    <button
                      type="button"
                      onClick={() => open(a.id)}
                      className="flex w-full items-center gap-3 px-4 py-3.5 text-left hover:bg-zinc-50 focus-visible:outline-offset-[-2px] sm:px-5"
                      data-testid="approval-row"
                    >
                      <div className="min-w-0 flex-1">
                        <p className="truncate text-sm font-medium text-zinc-900">{a.description || a.action}</p>
                        <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-zinc-600">
                          <span>{a.agent_name ?? (a.source === "api" ? "API" : a.source)}</span>
                          <span aria-hidden>·</span>
                          <code className="font-mono">{a.action}</code>
                          {a.status === "pending" && (
                            <>
                              <span aria-hidden>·</span>
                              <Since from={a.created_at} prefix="waiting " />
                            </>
                          )}
                        </p>
                      </div>
                      <StatusPill status={a.status} />
                      <ChevronRightIcon className="size-4 shrink-0 text-zinc-400" />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </QueryList>
        </div>
      </Card>
      <ApprovalDrawer id={openId} onClose={() => open(null)} />
    </>
  );
}
