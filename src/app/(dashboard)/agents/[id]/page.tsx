import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AgentDesigner } from "@/features/agents/components/designer/agent-designer";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Agent designer" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/agents/${id}`);
  if (!UUID.test(id)) notFound();
  // The playground's conversation is fetched by the browser (the chat panel reads it once per mount).
  await prefetch(
    trpc.agents.get.queryOptions({ id }),
    trpc.agents.versions.queryOptions({ id }),
    trpc.models.list.queryOptions(),
    trpc.agents.tools.queryOptions(),
  );
  return (
    <HydrateClient>
      <AgentDesigner id={id} />
    </HydrateClient>
  );
}
