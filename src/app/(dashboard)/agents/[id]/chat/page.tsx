import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AgentChatPage } from "@/features/agents/components/agent-chat-page";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Agent chat" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentChatRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/agents/${id}/chat`);
  if (!UUID.test(id)) notFound();
  await prefetch(trpc.agents.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <AgentChatPage id={id} />
    </HydrateClient>
  );
}
