import type { Metadata } from "next";
import { ApiKeysView } from "@/features/identity/components/api-keys/api-keys-view";
import { requireSession } from "@/features/identity/session";
import { publicOrigin } from "@/lib/origin";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requireSession("/settings/api-keys");
  await prefetch(trpc.identity.apiKeys.list.queryOptions());
  return (
    <HydrateClient>
      <ApiKeysView origin={await publicOrigin()} />
    </HydrateClient>
  );
}
