import type { Metadata } from "next";
import { requireSession } from "@/features/identity/session";
import { workflowsListInput } from "@/features/workflows/components/list/list-input";
import { WorkflowsView } from "@/features/workflows/components/list/workflows-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  await requireSession("/workflows");
  await prefetch(trpc.workflows.list.queryOptions(workflowsListInput()), trpc.workflows.templates.queryOptions());
  return (
    <HydrateClient>
      <WorkflowsView />
    </HydrateClient>
  );
}
