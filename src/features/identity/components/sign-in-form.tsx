"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { safeRedirectPath } from "@/lib/urls";
import { AuthCard, linkClass } from "./auth-card";

/** next-auth's error codes in words; any other string is already a message (such as the rate limit). */
export function signInErrorText(code: string) {
  if (code === "CredentialsSignin") return "Wrong e-mail address or password.";
  if (code === "SessionRequired") return "Sign in to continue.";
  if (/^[A-Z][A-Za-z]+$/.test(code)) return "Could not sign you in. Try again.";
  return code;
}

export function SignInForm({
  callbackUrl,
  initialError,
  email: initialEmail,
  demo,
}: {
  callbackUrl: string;
  initialError?: string;
  email?: string;
  /** The seeded demo account, shown as a hint outside production mode. */
  demo?: { email: string; password: string };
}) {
  const router = useRouter();
  const [email, setEmail] = useState(initialEmail ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(initialError ? signInErrorText(initialError) : "");
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError("Enter your e-mail address and password.");
      return;
    }
    setError("");
    setPending(true);
    try {
      const result = await signIn("credentials", { email: email.trim(), password, redirect: false });
      if (!result || result.error) {
        setError(signInErrorText(result?.error ?? "Unknown"));
        setPending(false);
        return;
      }
      // The page already checked it; checked again here against the origin the browser is on.
      router.replace(safeRedirectPath(callbackUrl, window.location.origin));
    } catch {
      setError("Could not reach Atrium. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in with your e-mail address."
      footer={
        <>
          New to Atrium?{" "}
          <Link href="/sign-up" className={linkClass}>
            Create an account
          </Link>
          {demo && (
            <p className="mt-4 text-xs text-zinc-500">
              Trying it out? Demo account:{" "}
              <span className="font-mono whitespace-nowrap">
                {demo.email} / {demo.password}
              </span>
            </p>
          )}
        </>
      }
    >
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        {error && <Alert>{error}</Alert>}
        <Field label="E-mail">
          <Input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </Field>
        <Field
          label="Password"
          aside={
            <Link href="/forgot-password" className="text-sm text-brand-700 underline-offset-4 hover:underline">
              Forgot password?
            </Link>
          }
        >
          <Input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <Button type="submit" loading={pending} className="mt-2 w-full">
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
