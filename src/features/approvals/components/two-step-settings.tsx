"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/spinner";
import { errorText } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

interface Setup {
  secret: string;
  otpauth_uri: string;
}

/**
 * Settings → Two-step approval: enrol an authenticator app (QR code, or the secret typed in),
 * confirm with a code, keep the recovery codes (shown once), or turn it off with a code.
 */
export function TwoStepSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.approvals.totpStatus.queryOptions());
  const [setup, setSetup] = useState<Setup | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.approvals.totpStatus.queryKey() });

  const start = useMutation(
    trpc.approvals.totpSetup.mutationOptions({
      onSuccess: (data) => {
        setSetup(data);
        void refresh();
      },
      onError: (err) => toast.error(errorText(err)),
    }),
  );

  return (
    <Card>
      <CardHeader
        title="Two-step approval"
        description="Approving an agent's action asks for a code from your authenticator app, so a stolen session alone cannot approve anything."
      />
      <CardBody className="flex flex-col gap-4">
        {status.isError && <ErrorState title="Could not load two-step approval" message={errorText(status.error)} onRetry={() => status.refetch()} retrying={status.isFetching} />}
        {!status.data && !status.isError && <Skeleton className="h-24 w-full" />}
        {status.data && recovery && <RecoveryCodes codes={recovery} onDone={() => setRecovery(null)} />}
        {status.data && !recovery && setup && !status.data.confirmed && (
          <Enrol
            setup={setup}
            onConfirmed={(codes) => {
              setSetup(null);
              setRecovery(codes);
              void refresh();
            }}
            onCancel={() => setSetup(null)}
          />
        )}
        {status.data && !recovery && !setup && !status.data.confirmed && (
          <div className="flex flex-col gap-3">
            {status.data.enforced && <Alert tone="warning">This Atrium requires two-step approval: set it up before you can approve anything.</Alert>}
            <p className="text-sm text-zinc-700">
              {status.data.enrolled ? "Setup was started but not confirmed. Start again to get a new QR code." : "Off. Use any authenticator app (1Password, Google Authenticator, Aegis, …)."}
            </p>
            <div>
              <Button onClick={() => start.mutate()} loading={start.isPending}>
                {status.data.enrolled ? "Start again" : "Set up two-step approval"}
              </Button>
            </div>
          </div>
        )}
        {status.data?.confirmed && !recovery && <Enabled remaining={status.data.remaining_recovery_codes} onDisabled={() => void refresh()} />}
      </CardBody>
    </Card>
  );
}

function Enrol({ setup, onConfirmed, onCancel }: { setup: Setup; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(setup.otpauth_uri, { margin: 1, width: 200 }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [setup.otpauth_uri]);
  const confirm = useMutation(
    trpc.approvals.totpConfirm.mutationOptions({
      onSuccess: (data) => {
        toast.success("Two-step approval is on");
        onConfirmed(data.recovery_codes);
      },
      onError: (err) => setError(errorText(err)),
    }),
  );
  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setError("Enter the 6-digit code your app shows");
    setError(undefined);
    confirm.mutate({ code: code.trim() });
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <ol className="flex list-decimal flex-col gap-1 pl-5 text-sm text-zinc-700">
        <li>Scan the QR code with your authenticator app (or type the key in).</li>
        <li>Enter the 6-digit code it shows to confirm.</li>
      </ol>
      <div className="flex flex-col items-start gap-4 sm:flex-row">
        {qr ? (
          // eslint-disable-next-line @next/next/no-img-element -- a data: URL made in the browser, nothing to optimise
          <img src={qr} alt="QR code to add Atrium to your authenticator app" width={200} height={200} className="rounded-lg border border-zinc-200" />
        ) : (
          <Skeleton className="size-[200px]" />
        )}
        <div className="flex min-w-0 flex-1 flex-col gap-2">
          <p className="text-sm font-medium text-zinc-800">Setup key</p>
          <div className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-2 pl-3">
            <code data-testid="totp-secret" className="min-w-0 flex-1 font-mono text-sm break-all text-zinc-900 select-all">
              {setup.secret}
            </code>
            <CopyButton value={setup.secret} what="setup key" />
          </div>
          <p className="text-xs text-zinc-500">Time-based, 6 digits, every 30 seconds.</p>
        </div>
      </div>
      <Field label="Code from your app" error={error}>
        <Input name="code" inputMode="numeric" autoComplete="one-time-code" placeholder="123456" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" loading={confirm.isPending}>
          Confirm
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="flex flex-col gap-3">
      <Alert tone="warning">Save these recovery codes now: each approves (or turns two-step approval off) once if you lose your phone. They are not shown again.</Alert>
      <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-3 font-mono text-sm text-zinc-900 sm:grid-cols-3">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex gap-2">
        <CopyButton value={codes.join("\n")} what="recovery codes" label="Copy codes" />
        <Button size="sm" onClick={onDone}>
          I saved them
        </Button>
      </div>
    </div>
  );
}

function Enabled({ remaining, onDisabled }: { remaining: number; onDisabled: () => void }) {
  const trpc = useTRPC();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string>();
  const disable = useMutation(
    trpc.approvals.totpDisable.mutationOptions({
      onSuccess: () => {
        toast.success("Two-step approval is off");
        setCode("");
        onDisabled();
      },
      onError: (err) => setError(errorText(err)),
    }),
  );
  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!code.trim()) return setError("Enter a code from your app or a recovery code");
    setError(undefined);
    disable.mutate({ code: code.trim() });
  }
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-700" data-testid="two-step-on">
        <span className="font-medium text-emerald-700">On.</span> Approvals ask for your code. {remaining} recovery code{remaining === 1 ? "" : "s"} left.
      </p>
      {remaining <= 2 && <Alert tone="warning">Few recovery codes left: turn two-step approval off and on again for a new set.</Alert>}
      <form onSubmit={submit} noValidate className="flex flex-col gap-3 border-t border-zinc-100 pt-4">
        <Field label="Turn off with a code" hint="A code from your app, or a recovery code." error={error}>
          <Input name="disable_code" autoComplete="one-time-code" maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <div>
          <Button type="submit" variant="danger" loading={disable.isPending}>
            Turn off
          </Button>
        </div>
      </form>
    </div>
  );
}
