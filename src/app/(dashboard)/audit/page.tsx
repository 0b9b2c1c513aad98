import type { Metadata } from "next";
import { AuditView } from "@/features/audit/components/audit-view";
import { entriesInput, NO_FILTERS } from "@/features/audit/components/filters";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  await requireSession("/audit");
  // For non-administrators the last two fail (403) and are not dehydrated; the view shows a notice.
  await prefetch(
    trpc.audit.access.queryOptions(),
    trpc.audit.security.queryOptions(),
    trpc.audit.entries.queryOptions(entriesInput(NO_FILTERS, 1)),
  );
  return (
    <HydrateClient>
      <AuditView />
    </HydrateClient>
  );
}
