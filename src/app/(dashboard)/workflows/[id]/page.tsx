import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSession } from "@/features/identity/session";
import { WorkflowEditor } from "@/features/workflows/components/editor/workflow-editor";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Workflow editor" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WorkflowPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/workflows/${id}`);
  if (!UUID.test(id)) notFound();
  await prefetch(trpc.workflows.get.queryOptions({ id }), trpc.workflows.catalog.queryOptions());
  return (
    <HydrateClient>
      <WorkflowEditor id={id} />
    </HydrateClient>
  );
}
