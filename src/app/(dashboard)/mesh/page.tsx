import type { Metadata } from "next";
import { MeshView } from "@/features/mesh/components/mesh-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Agent mesh" };

export default async function MeshPage() {
  await requireSession("/mesh");
  await prefetch(trpc.mesh.agents.queryOptions(), trpc.mesh.tasks.queryOptions(), trpc.mesh.spaces.queryOptions());
  return (
    <HydrateClient>
      <MeshView />
    </HydrateClient>
  );
}
