import type { Metadata } from "next";
import { NetworkView } from "@/features/network/components/network-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Network" };

export default async function NetworkPage() {
  await requireSession("/network");
  await prefetch(trpc.network.status.queryOptions(), trpc.network.abilities.queryOptions(), trpc.network.peers.queryOptions(), trpc.network.devices.queryOptions());
  return (
    <HydrateClient>
      <NetworkView />
    </HydrateClient>
  );
}
