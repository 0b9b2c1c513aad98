"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorState } from "@/components/ui/error-state";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/spinner";
import { ChatPanel } from "@/features/chat/components/chat-panel";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { StatusBadge } from "./status-badge";

/** /agents/[id]/chat: the playground on its own page. */
export function AgentChatPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const agent = useQuery(trpc.agents.get.queryOptions({ id }));
  if (agent.isError) return <ErrorState title="Could not load this agent" message={errorText(agent.error)} onRetry={() => agent.refetch()} retrying={agent.isFetching} />;
  if (!agent.data) return <Skeleton className="h-96 w-full" />;
  return (
    <>
      <Link href={`/agents/${id}`} className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900">
        <ChevronLeftIcon className="size-4" />
        Designer
      </Link>
      <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="min-w-0 text-2xl font-semibold tracking-tight break-words text-zinc-900">Chat with {agent.data.name}</h1>
        <StatusBadge status={agent.data.status} />
      </div>
      <ChatPanel agentId={id} agentName={agent.data.name} tall />
    </>
  );
}
