import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSession } from "@/features/identity/session";
import { runsListInput } from "@/features/workflows/components/run/list-input";
import { RunsView } from "@/features/workflows/components/run/runs-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Run history" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WorkflowRunsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/workflows/${id}/runs`);
  if (!UUID.test(id)) notFound();
  await prefetch(trpc.workflows.get.queryOptions({ id }), trpc.workflows.runs.list.queryOptions(runsListInput(id)));
  return (
    <HydrateClient>
      <RunsView workflowId={id} />
    </HydrateClient>
  );
}
