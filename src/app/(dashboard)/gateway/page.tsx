import type { Metadata } from "next";
import { requireSession } from "@/features/identity/session";
import { CALLS_INPUT, GatewayView } from "@/features/gateway/components/gateway-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Model gateway" };

export default async function GatewayPage() {
  await requireSession("/gateway");
  await prefetch(trpc.gateway.overview.queryOptions(), trpc.gateway.calls.queryOptions(CALLS_INPUT), trpc.gateway.routes.list.queryOptions());
  return (
    <HydrateClient>
      <GatewayView />
    </HydrateClient>
  );
}
