import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AgentChatPage } from "@/features/agents/components/agent-chat-page";
import { requireSession } from "@/features/identity/session";

export const metadata: Metadata = { title: "Agent chat" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentChatRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/agents/${id}/chat`);
  if (!UUID.test(id)) notFound();
  return <AgentChatPage id={id} />;
}
