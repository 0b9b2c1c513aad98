import type { Metadata } from "next";
import { AgentsView } from "@/features/agents/components/agents-view";
import { agentsListInput } from "@/features/agents/components/list-input";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  await requireSession("/agents");
  await prefetch(trpc.agents.list.queryOptions(agentsListInput()));
  return (
    <HydrateClient>
      <AgentsView />
    </HydrateClient>
  );
}
