"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import type { ApprovalDto } from "../schemas";
import { StatusPill } from "./status-pill";
import { duration, useNow } from "./time";

/** One approval: who asks, what, the payload, how long it has waited; Approve / Reject while pending. */
export function ApprovalDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const one = useQuery({ ...trpc.approvals.get.queryOptions({ id: id ?? "" }), enabled: id !== null, retry: false });
  return (
    <Dialog open={id !== null} onOpenChange={(next) => !next && onClose()}>
      <DialogContent title={one.data ? one.data.description || one.data.action : "Approval"} description={one.data ? <StatusPill status={one.data.status} /> : undefined} className="sm:max-w-xl">
        {one.isError && <ErrorState title="Could not load this approval" message={errorText(one.error)} onRetry={() => one.refetch()} retrying={one.isFetching} />}
        {!one.data && !one.isError && <Skeleton className="h-40 w-full" />}
        {one.data && <Details approval={one.data} onDone={onClose} />}
      </DialogContent>
    </Dialog>
  );
}

function Details({ approval: a, onDone }: { approval: ApprovalDto; onDone: () => void }) {
  const now = useNow();
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-zinc-500">Agent</dt>
        <dd className="min-w-0 text-zinc-900">{a.agent_name ?? (a.agent_id ? "A deleted agent" : "None (API request)")}</dd>
        <dt className="text-zinc-500">Action</dt>
        <dd className="min-w-0">
          <code className="font-mono text-zinc-900">{a.action}</code>
        </dd>
        <dt className="text-zinc-500">Requested</dt>
        <dd className="text-zinc-900">
          <LocalTime value={a.created_at} withTime />
          {now !== null && a.status === "pending" && <span className="text-zinc-600"> · waiting {duration(now - Date.parse(a.created_at))}</span>}
        </dd>
        {a.status === "pending" ? (
          <>
            <dt className="text-zinc-500">Expires</dt>
            <dd className="text-zinc-900">
              <LocalTime value={a.expires_at} withTime />
            </dd>
          </>
        ) : (
          a.decided_at && (
            <>
              <dt className="text-zinc-500">Decided</dt>
              <dd className="text-zinc-900">
                <LocalTime value={a.decided_at} withTime />
                {a.comment ? <span className="text-zinc-600"> · “{a.comment}”</span> : null}
              </dd>
            </>
          )
        )}
      </dl>
      <div>
        <p className="mb-1.5 text-sm font-medium text-zinc-800">Payload</p>
        <pre data-testid="approval-payload" className="max-h-64 overflow-auto rounded-lg bg-zinc-900 px-3 py-2.5 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-zinc-100">
          {JSON.stringify(a.payload, null, 2)}
        </pre>
      </div>
      {a.status === "pending" && <Decide approval={a} onDone={onDone} />}
    </div>
  );
}

function Decide({ approval: a, onDone }: { approval: ApprovalDto; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const totp = useQuery(trpc.approvals.totpStatus.queryOptions());
  const [code, setCode] = useState("");
  const [error, setError] = useState<string>();
  const decide = useMutation(
    trpc.approvals.decide.mutationOptions({
      onSuccess: (decided) => {
        toast.success(decided.status === "approved" ? "Approved: the agent goes on" : "Rejected: the agent was told");
        void queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
        onDone();
      },
      onError: (err) => {
        setError(errorText(err));
        void queryClient.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
      },
    }),
  );
  const enforced = totp.data?.enforced ?? false;
  const needsEnrolment = enforced && totp.data?.confirmed === false;

  function approve(event: React.FormEvent) {
    event.preventDefault();
    if (enforced && !code.trim()) return setError("Enter the 6-digit code from your authenticator app, or a recovery code");
    decide.mutate({ id: a.id, decision: "approve", ...(enforced ? { totpCode: code.trim() } : {}) });
  }

  return (
    <form onSubmit={approve} noValidate className="flex flex-col gap-3">
      {needsEnrolment && <Alert tone="warning">Approving needs two-step approval. Set it up in Settings → Two-step approval first.</Alert>}
      {enforced && !needsEnrolment && (
        <Field label="Authenticator code" hint="The 6-digit code from your authenticator app, or one of your recovery codes." error={error}>
          <Input
            name="totp_code"
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder="123456"
            maxLength={64}
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setError(undefined);
            }}
            autoFocus
          />
        </Field>
      )}
      {(!enforced || needsEnrolment) && error && <Alert>{error}</Alert>}
      <DialogFooter className="mt-2">
        <Button type="button" variant="secondary" loading={decide.isPending && decide.variables?.decision === "reject"} disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: "reject" })}>
          Reject
        </Button>
        <Button type="submit" loading={decide.isPending && decide.variables?.decision === "approve"} disabled={decide.isPending || needsEnrolment || totp.isPending}>
          Approve
        </Button>
      </DialogFooter>
    </form>
  );
}
