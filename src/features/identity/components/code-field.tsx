"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** The 6-digit code box: numeric keypad on phones, one-time-code autofill, digits only. */
export function CodeField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  return (
    <Field label="Verification code" error={error}>
      <Input
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        placeholder="123456"
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, "").slice(0, 6))}
        className="h-12 text-center font-mono text-xl tracking-[0.5em] placeholder:tracking-[0.5em] placeholder:text-zinc-300 sm:text-xl"
        autoFocus
      />
    </Field>
  );
}

const COOLDOWN_SECONDS = 30;

/** "Resend code", then a 30 s wait before it can be pressed again. The first code was just sent. */
export function ResendButton({ onResend }: { onResend: () => Promise<unknown> }) {
  const [remaining, setRemaining] = useState(COOLDOWN_SECONDS);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (remaining <= 0) return;
    const timer = setTimeout(() => setRemaining((r) => r - 1), 1000);
    return () => clearTimeout(timer);
  }, [remaining]);

  async function resend() {
    setPending(true);
    try {
      await onResend();
      setRemaining(COOLDOWN_SECONDS);
    } catch {
      // The caller reports the error.
    } finally {
      setPending(false);
    }
  }

  return (
    <Button variant="ghost" size="sm" onClick={resend} loading={pending} disabled={remaining > 0}>
      {remaining > 0 ? `Resend code in ${remaining}s` : "Resend code"}
    </Button>
  );
}

/** Outside production no mail leaves the server; the code waits in the dev outbox. */
export function DevOutboxHint({ email }: { email: string }) {
  return (
    <Alert tone="info">
      Development mode: no e-mail is sent. Read the code in the{" "}
      <a
        href={`/dev/outbox?to=${encodeURIComponent(email)}`}
        target="_blank"
        rel="noreferrer"
        className="font-medium text-brand-700 underline underline-offset-2"
      >
        dev outbox
        <span className="sr-only"> (opens in a new tab)</span>
      </a>
      .
    </Alert>
  );
}
