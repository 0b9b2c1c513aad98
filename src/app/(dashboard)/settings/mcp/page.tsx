import type { Metadata } from "next";
import { McpView } from "@/features/mcp/components/mcp-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "MCP servers" };

export default async function McpPage() {
  await requireSession("/settings/mcp");
  await Promise.all([prefetch(trpc.mcp.servers.queryOptions()), prefetch(trpc.mcp.abilities.queryOptions())]);
  return (
    <HydrateClient>
      <McpView />
    </HydrateClient>
  );
}
