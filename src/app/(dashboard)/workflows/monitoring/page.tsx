import type { Metadata } from "next";
import { requireSession } from "@/features/identity/session";
import { MONITORING_INPUT, MonitoringView } from "@/features/workflows/components/monitoring/monitoring-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Workflow monitoring" };

export default async function WorkflowMonitoringPage() {
  await requireSession("/workflows/monitoring");
  await prefetch(trpc.workflows.monitoring.queryOptions(MONITORING_INPUT));
  return (
    <HydrateClient>
      <MonitoringView />
    </HydrateClient>
  );
}
