import type { Metadata } from "next";
import { requireSession } from "@/features/identity/session";
import { MonitoringView } from "@/features/workflows/components/monitoring/monitoring-view";
import { MONITORING_INPUT, RECENT_RUNS_INPUT } from "@/features/workflows/components/run/list-input";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Workflow monitoring" };

export default async function WorkflowMonitoringPage() {
  await requireSession("/workflows/monitoring");
  await prefetch(trpc.workflows.monitoring.queryOptions(MONITORING_INPUT), trpc.workflows.runs.list.queryOptions(RECENT_RUNS_INPUT));
  return (
    <HydrateClient>
      <MonitoringView />
    </HydrateClient>
  );
}
