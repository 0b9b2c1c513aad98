import type { Metadata } from "next";
import { NewAgent } from "@/features/agents/components/designer/new-agent";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "New agent" };

export default async function NewAgentPage() {
  await requireSession("/agents/new");
  await prefetch(trpc.models.list.queryOptions(), trpc.agents.tools.queryOptions());
  return (
    <HydrateClient>
      <NewAgent />
    </HydrateClient>
  );
}
