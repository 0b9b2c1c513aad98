import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSession } from "@/features/identity/session";
import { RunView } from "@/features/workflows/components/run/run-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Workflow run" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WorkflowRunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const { id, runId } = await params;
  await requireSession(`/workflows/${id}/runs/${runId}`);
  if (!UUID.test(id) || !UUID.test(runId)) notFound();
  await prefetch(trpc.workflows.runs.get.queryOptions({ id: runId }));
  return (
    <HydrateClient>
      <RunView workflowId={id} runId={runId} />
    </HydrateClient>
  );
}
