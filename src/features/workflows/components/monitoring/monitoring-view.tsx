"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { MONITORING_INPUT, RECENT_RUNS_INPUT } from "../run/list-input";
import { formatDuration, StatusBadge } from "../status";



/** /workflows/monitoring: runs per day by outcome, node types used, success rate and average time. */
export function MonitoringView() {
  const trpc = useTRPC();
  const data = useQuery({ ...trpc.workflows.monitoring.queryOptions(MONITORING_INPUT), refetchInterval: 15_000 });
  const recent = useQuery({ ...trpc.workflows.runs.list.queryOptions(RECENT_RUNS_INPUT), refetchInterval: 15_000 });
  const header = (
    <PageHeader
      title="Workflow monitoring"
      description={data.data?.overview.scope === "all" ? "Every workflow on this instance, the last 14 days." : "Your workflows, the last 14 days."}
      actions={
        <Button asChild variant="secondary">
          <Link href="/workflows">All workflows</Link>
        </Button>
      }
    />
  );
  if (data.isError)
    return (
      <>
        {header}
        <ErrorState title="Could not load the dashboard" message={errorText(data.error)} onRetry={() => data.refetch()} retrying={data.isFetching} />
      </>
    );
  if (!data.data)
    return (
      <>
        {header}
        <Skeleton className="h-64 w-full" />
      </>
    );
  const { overview, executions, node_types } = data.data;
  const stats: [string, string][] = [
    ["Workflows", String(overview.workflows)],
    ["Runs", String(overview.executions)],
    ["Running now", String(overview.running + overview.waiting)],
    ["Success rate", overview.success_rate === null ? "—" : `${Math.round(overview.success_rate * 100)}%`],
    ["Average time", formatDuration(overview.avg_duration_ms)],
    ["Schedules on", String(overview.schedules_enabled)],
  ];
  const perDay = executions.map((d) => ({ day: d.day.slice(5), Succeeded: d.succeeded, Failed: d.failed, Other: Math.max(0, d.total - d.succeeded - d.failed) }));
  const types = node_types.map((t) => ({ type: t.node_type, Steps: t.steps, Failed: t.failed }));

  return (
    <>
      {header}
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {stats.map(([label, value]) => (
          <Card key={label} as="div" className="p-4">
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="mt-1 text-xl font-semibold text-zinc-900 tabular-nums">{value}</dd>
          </Card>
        ))}
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Runs per day" description="By outcome" />
          <CardBody>
            <figure aria-label="Runs per day by outcome" className="h-64">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={perDay}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="day" fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} width={32} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="Succeeded" stackId="a" fill="#10b981" />
                  <Bar dataKey="Failed" stackId="a" fill="#ef4444" />
                  <Bar dataKey="Other" stackId="a" fill="#a1a1aa" />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Node types" description="Steps run per node type" />
          <CardBody>
            {types.length === 0 ? (
              <p className="text-sm text-zinc-500">No steps yet.</p>
            ) : (
              <figure aria-label="Steps per node type" className="h-64">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={types} layout="vertical">
                    <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                    <XAxis type="number" allowDecimals={false} fontSize={11} />
                    <YAxis type="category" dataKey="type" width={84} fontSize={11} />
                    <Tooltip />
                    <Bar dataKey="Steps" fill="#3b55e6" />
                    <Bar dataKey="Failed" fill="#ef4444" />
                  </BarChart>
                </ResponsiveContainer>
              </figure>
            )}
          </CardBody>
        </Card>
      </div>
      <Card className="mt-4">
        <CardHeader title="Average time per node type" />
        <CardBody>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-zinc-500">
                <th className="py-1 font-medium">Node type</th>
                <th className="py-1 text-right font-medium">Steps</th>
                <th className="py-1 text-right font-medium">Failed</th>
                <th className="py-1 text-right font-medium">Average</th>
              </tr>
            </thead>
            <tbody>
              {node_types.map((t) => (
                <tr key={t.node_type} className="border-t border-zinc-100">
                  <td className="py-1.5 font-mono">{t.node_type}</td>
                  <td className="py-1.5 text-right tabular-nums">{t.steps}</td>
                  <td className="py-1.5 text-right tabular-nums">{t.failed}</td>
                  <td className="py-1.5 text-right tabular-nums">{formatDuration(t.avg_ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      </Card>
      <Card className="mt-4">
        <CardHeader title="Recent activity" description="The latest runs" />
        <CardBody>
          {recent.data && recent.data.items.length === 0 && <p className="text-sm text-zinc-500">No runs yet.</p>}
          <ul className="flex flex-col divide-y divide-zinc-100" aria-label="Recent runs">
            {recent.data?.items.map((run) => (
              <li key={run.id}>
                <Link href={`/workflows/${run.workflow_id}/runs/${run.id}`} className="flex items-center gap-3 py-2 text-sm hover:bg-zinc-50">
                  <StatusBadge status={run.status} />
                  <span className="min-w-0 flex-1 truncate text-zinc-700">
                    <LocalTime value={run.created_at} withTime /> · {run.trigger}
                  </span>
                  <span className="text-xs text-zinc-500 tabular-nums">{formatDuration(run.duration_ms)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </CardBody>
      </Card>
    </>
  );
}
