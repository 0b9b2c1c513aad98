import type { Metadata } from "next";
import { SignInForm } from "@/features/identity/components/sign-in-form";
import { redirectIfSignedIn } from "@/features/identity/session";
import { isDevMode } from "@/server/env";
import { DEMO_USER } from "@/server/seed";
import { publicOrigin } from "@/lib/origin";
import { firstParam, safeCallbackUrl, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // Parsed against our own origin: only a path on this site survives (no `/\t/evil.com` tricks).
  const callbackUrl = safeCallbackUrl(params.callbackUrl, await publicOrigin());
  await redirectIfSignedIn(callbackUrl);
  return (
    <SignInForm
      callbackUrl={callbackUrl}
      initialError={firstParam(params.error)}
      email={firstParam(params.email)}
      demo={isDevMode() ? { email: DEMO_USER.email, password: DEMO_USER.password } : undefined}
    />
  );
}
