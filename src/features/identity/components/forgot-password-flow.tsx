"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { errorText, trpcFieldErrors, zodFieldErrors, type FieldErrors } from "@/lib/form-errors";
import { email as emailSchema, verifyRequest } from "../schemas";
import { AuthCard, linkClass } from "./auth-card";
import { CodeField, DevOutboxHint, ResendButton } from "./code-field";

/** Forgot password: e-mail → code + new password → back to sign-in. */
export function ForgotPasswordFlow({ showOutboxHint }: { showOutboxHint: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const request = useMutation(trpc.identity.requestRecovery.mutationOptions());
  const verify = useMutation(trpc.identity.verify.mutationOptions());
  const onError = (error: { message: string }) => toast.error(errorText(error));
  const edit = (key: string, setter: (value: string) => void) => (value: string) => {
    setter(value);
    setErrors((errs) => ({ ...errs, [key]: undefined }));
  };

  function onRequest(event: React.FormEvent) {
    event.preventDefault();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) return setErrors({ email: parsed.error.issues[0]?.message });
    setErrors({});
    request.mutate({ email: parsed.data }, { onSuccess: () => setSentTo(parsed.data), onError });
  }

  function onReset(event: React.FormEvent) {
    event.preventDefault();
    const parsed = verifyRequest.safeParse({ type: "recovery", email: sentTo, token: code, new_password: password });
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error);
      return setErrors({ code: found.token && "Enter the 6-digit code from the e-mail.", new_password: found.new_password });
    }
    setErrors({});
    verify.mutate(parsed.data, {
      onSuccess: () => {
        toast.success("Password changed. Sign in with your new password.");
        router.push(`/sign-in?email=${encodeURIComponent(sentTo ?? "")}`);
      },
      onError: (error) => {
        if (error.data?.httpStatus === 401) return setErrors({ code: error.message });
        const fields = trpcFieldErrors(error, ["new_password", "token"]);
        if (fields) setErrors({ new_password: fields.new_password, code: fields.token });
        else onError(error);
      },
    });
  }

  const backToSignIn = (
    <Link href="/sign-in" className={linkClass}>
      Back to sign in
    </Link>
  );

  if (!sentTo) {
    return (
      <AuthCard title="Reset your password" description="Enter your e-mail address and we'll send you a code to set a new password." footer={backToSignIn}>
        <form onSubmit={onRequest} className="flex flex-col gap-4" noValidate>
          <Field label="E-mail" error={errors.email}>
            <Input type="email" name="email" autoComplete="email" value={email} onChange={(e) => edit("email", setEmail)(e.target.value)} autoFocus />
          </Field>
          <Button type="submit" loading={request.isPending} className="mt-2 w-full">
            Send code
          </Button>
        </form>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Choose a new password"
      description={
        <>
          If <strong className="font-medium break-words text-zinc-900">{sentTo}</strong> has an account, we sent it a 6-digit code.
        </>
      }
      footer={backToSignIn}
    >
      <form onSubmit={onReset} className="flex flex-col gap-4" noValidate>
        {showOutboxHint && <DevOutboxHint email={sentTo} />}
        <CodeField value={code} onChange={edit("code", setCode)} error={errors.code} />
        <Field label="New password" error={errors.new_password} hint="At least 6 characters. You'll be signed out everywhere else.">
          <Input type="password" name="new_password" autoComplete="new-password" value={password} onChange={(e) => edit("new_password", setPassword)(e.target.value)} />
        </Field>
        <Button type="submit" loading={verify.isPending} className="mt-2 w-full">
          Set new password
        </Button>
        <div className="flex items-center justify-between gap-2 text-sm text-zinc-600">
          <span>Didn&apos;t get it?</span>
          <ResendButton onResend={() => request.mutateAsync({ email: sentTo }, { onSuccess: () => toast.success("A new code is on its way."), onError })} />
        </div>
      </form>
    </AuthCard>
  );
}
