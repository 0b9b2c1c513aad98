"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { errorText, trpcFieldErrors, zodFieldErrors, type FieldErrors } from "@/lib/form-errors";
import { signupRequest } from "../schemas";
import { AuthCard, linkClass } from "./auth-card";
import { VerifySignupForm } from "./verify-signup-form";

/** Sign-up in two steps: details (mails a code), then the code. The password stays in memory only. */
export function SignUpFlow({ invite, showOutboxHint }: { invite?: string; showOutboxHint: boolean }) {
  const trpc = useTRPC();
  const [form, setForm] = useState({ username: "", email: "", password: "", invite_code: invite ?? "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sentTo, setSentTo] = useState<{ email: string; password: string } | null>(null);
  const signup = useMutation(trpc.identity.signup.mutationOptions());

  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setForm((f) => ({ ...f, [key]: e.target.value }));
    setErrors((errs) => ({ ...errs, [key]: undefined }));
  };

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = signupRequest.safeParse({ ...form, invite_code: form.invite_code.trim() || undefined });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    setErrors({});
    signup.mutate(parsed.data, {
      onSuccess: (result) => setSentTo({ email: result.email, password: parsed.data.password }),
      onError: (error) => {
        const fields = trpcFieldErrors(error, ["username", "email", "password", "invite_code"]);
        if (fields) setErrors(fields);
        else toast.error(errorText(error));
      },
    });
  }

  if (sentTo) {
    return <VerifySignupForm email={sentTo.email} password={sentTo.password} showOutboxHint={showOutboxHint} onBack={() => setSentTo(null)} />;
  }

  return (
    <AuthCard
      title="Create your account"
      description="It takes a minute. We'll e-mail you a code to confirm your address."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className={linkClass}>
            Sign in
          </Link>
        </>
      }
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        <Field label="Username" error={errors.username} hint="3–30 characters, no spaces or @.">
          <Input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={form.username} onChange={set("username")} autoFocus />
        </Field>
        <Field label="E-mail" error={errors.email}>
          <Input type="email" name="email" autoComplete="email" value={form.email} onChange={set("email")} />
        </Field>
        <Field label="Password" error={errors.password} hint="At least 6 characters.">
          <Input type="password" name="password" autoComplete="new-password" value={form.password} onChange={set("password")} />
        </Field>
        <Field label="Invite code (optional)" error={errors.invite_code}>
          <Input name="invite_code" autoCapitalize="characters" spellCheck={false} value={form.invite_code} onChange={set("invite_code")} className="font-mono uppercase" />
        </Field>
        <Button type="submit" loading={signup.isPending} className="mt-2 w-full">
          Continue
        </Button>
      </form>
    </AuthCard>
  );
}
