import type { Metadata } from "next";
import { requireSession } from "@/features/identity/session";
import { ModelsView } from "@/features/models/components/models-view";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  await requireSession("/settings/models");
  await prefetch(trpc.models.list.queryOptions(), trpc.models.prices.list.queryOptions());
  return (
    <HydrateClient>
      <ModelsView />
    </HydrateClient>
  );
}
