"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { errorText } from "@/lib/form-errors";
import { code6 } from "../schemas";
import { AuthCard } from "./auth-card";
import { CodeField, DevOutboxHint, ResendButton } from "./code-field";

interface Props {
  email: string;
  password: string;
  showOutboxHint: boolean;
  onBack: () => void;
}

export function VerifySignupForm({ email, password, showOutboxHint, onBack }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string>();
  const [signingIn, setSigningIn] = useState(false);
  const verify = useMutation(trpc.identity.verify.mutationOptions());
  const resend = useMutation(trpc.identity.resend.mutationOptions());

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = code6.safeParse(code);
    if (!parsed.success) return setError("Enter the 6-digit code from the e-mail.");
    setError(undefined);
    verify.mutate(
      { type: "signup", email, token: parsed.data },
      {
        onSuccess: async () => {
          setSigningIn(true);
          const result = await signIn("credentials", { email, password, redirect: false }).catch(() => undefined);
          if (!result || result.error) {
            toast.success("Your account is ready. Sign in to continue.");
            router.replace(`/sign-in?email=${encodeURIComponent(email)}`);
            return;
          }
          router.replace("/dashboard");
        },
        onError: (err) => {
          if (err.data?.httpStatus === 401) setError(err.message);
          else toast.error(errorText(err));
        },
      },
    );
  }

  const onResend = () =>
    resend.mutateAsync(
      { type: "signup", email },
      { onSuccess: () => toast.success("A new code is on its way."), onError: (err) => toast.error(errorText(err)) },
    );

  return (
    <AuthCard
      title="Check your e-mail"
      description={
        <>
          Enter the 6-digit code we sent to <strong className="font-medium break-words text-zinc-900">{email}</strong>.
        </>
      }
      footer={
        <button type="button" onClick={onBack} className="font-medium text-brand-700 underline-offset-4 hover:underline">
          Use a different e-mail address
        </button>
      }
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        {showOutboxHint && <DevOutboxHint email={email} />}
        <CodeField
          value={code}
          onChange={(value) => {
            setCode(value);
            setError(undefined);
          }}
          error={error}
        />
        <Button type="submit" loading={verify.isPending || signingIn} className="w-full">
          Verify and continue
        </Button>
        <div className="flex items-center justify-between gap-2 text-sm text-zinc-600">
          <span>Didn&apos;t get it?</span>
          <ResendButton onResend={onResend} />
        </div>
      </form>
    </AuthCard>
  );
}
