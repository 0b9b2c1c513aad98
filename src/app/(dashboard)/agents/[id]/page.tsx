import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AgentDesigner } from "@/features/agents/components/designer/agent-designer";
import { requireSession } from "@/features/identity/session";

export const metadata: Metadata = { title: "Agent designer" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/agents/${id}`);
  if (!UUID.test(id)) notFound();
  return <AgentDesigner id={id} />;
}
