import type { Metadata } from "next";
import { ApiKeysView } from "@/features/identity/components/api-keys/api-keys-view";
import { requireSession } from "@/features/identity/session";
import { publicOrigin } from "@/lib/origin";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requireSession("/settings/api-keys");
  return <ApiKeysView origin={await publicOrigin()} />;
}
