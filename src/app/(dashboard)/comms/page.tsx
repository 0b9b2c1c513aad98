import type { Metadata } from "next";
import { CommsView } from "@/features/comms/components/comms-view";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Comms" };

export default async function CommsPage() {
  await requireSession("/comms");
  await prefetch(trpc.comms.topology.queryOptions(), trpc.comms.events.queryOptions({ limit: 50 }), trpc.agentGateway.deliveries.queryOptions({ limit: 30 }));
  return (
    <HydrateClient>
      <CommsView />
    </HydrateClient>
  );
}
