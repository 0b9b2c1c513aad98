import type { Metadata } from "next";
import { A2aView } from "@/features/a2a/components/a2a-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "A2A agents" };

export default async function A2aPage() {
  await requireSession("/settings/a2a");
  await prefetch(trpc.a2a.agents.queryOptions());
  return (
    <HydrateClient>
      <A2aView />
    </HydrateClient>
  );
}
