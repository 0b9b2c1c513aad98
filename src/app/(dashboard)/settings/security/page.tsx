import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { TwoStepSettings } from "@/features/approvals/components/two-step-settings";
import { requireSession } from "@/features/identity/session";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Security" };

export default async function SecuritySettingsPage() {
  await requireSession("/settings/security");
  await prefetch(trpc.approvals.totpStatus.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="Security" description="How you prove it is you when it matters." />
      <div className="flex max-w-3xl flex-col gap-6">
        <TwoStepSettings />
      </div>
    </HydrateClient>
  );
}
