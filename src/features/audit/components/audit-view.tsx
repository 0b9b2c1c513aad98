"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LockIcon } from "@/components/ui/icons";
import { useTRPC } from "@/lib/trpc/client";
import { EntriesTable } from "./entries-table";
import { SecurityGrid } from "./security-grid";
import { useVerify, VerifyButton, VerifyResultBanner } from "./verify-panel";

/** The Audit page: verify the chain, the security overview, and the entries. Administrators only. */
export function AuditView() {
  const trpc = useTRPC();
  const access = useQuery(trpc.audit.access.queryOptions());
  const verify = useVerify();
  if (access.data && !access.data.is_admin) {
    return (
      <>
        <PageHeader title="Audit" />
        <Card>
          <EmptyState icon={<LockIcon />} title="Administrators only" description="The audit trail and the security overview are for administrators." />
        </Card>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every security-relevant action, in order, in a tamper-evident hash chain. Verify checks every link, hash and signed checkpoint."
        actions={<VerifyButton verify={verify} />}
      />
      <VerifyResultBanner verify={verify} />
      <SecurityGrid enabled={access.data?.is_admin === true} />
      <EntriesTable enabled={access.data?.is_admin === true} />
    </>
  );
}
