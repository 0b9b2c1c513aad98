"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RefreshIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Pager } from "@/components/ui/pager";
import { ListSkeleton, QueryList } from "@/components/ui/query-list";
import { useTRPC } from "@/lib/trpc/client";
import { formatDuration, StatusBadge } from "../status";
import { RUNS_PAGE_SIZE, runsListInput } from "./list-input";


/** /workflows/[id]/runs: the workflow's runs, newest first. */
export function RunsView({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id: workflowId }));
  const runs = useQuery({ ...trpc.workflows.runs.list.queryOptions(runsListInput(workflowId, page)), placeholderData: keepPreviousData, refetchInterval: 5_000 });
  return (
    <>
      <PageHeader
        title="Run history"
        description={workflow.data ? workflow.data.name : undefined}
        actions={
          <Button asChild variant="secondary">
            <Link href={`/workflows/${workflowId}`}>Open in editor</Link>
          </Button>
        }
      />
      <Card className="overflow-hidden">
        <QueryList
          query={runs}
          what="the runs"
          isEmpty={(data) => data.items.length === 0}
          skeleton={<ListSkeleton label="Loading the runs" />}
          empty={<EmptyState icon={<RefreshIcon />} title="No runs yet" description="Run the workflow from the editor, by webhook or on a schedule." />}
        >
          {(data) => (
            <ul className="divide-y divide-zinc-100" aria-label="Runs">
              {data.items.map((run) => (
                <li key={run.id}>
                  <Link href={`/workflows/${workflowId}/runs/${run.id}`} className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-50 sm:px-5">
                    <StatusBadge status={run.status} />
                    <span className="min-w-0 flex-1 truncate text-sm text-zinc-800">
                      <LocalTime value={run.created_at} withTime /> · v{run.version} · {run.trigger}
                    </span>
                    <span className="text-xs text-zinc-500 tabular-nums">{formatDuration(run.duration_ms)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </QueryList>
      </Card>
      <Pager page={page} pageSize={RUNS_PAGE_SIZE} total={runs.data?.total ?? 0} what="runs" onPage={setPage} />
    </>
  );
}
