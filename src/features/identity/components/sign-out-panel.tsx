"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { AuthCard, linkClass } from "./auth-card";

export function SignOutPanel({ signedInAs }: { signedInAs: string | null }) {
  const [pending, setPending] = useState(false);

  if (!signedInAs) {
    return (
      <AuthCard title="You're signed out" description="See you next time.">
        <Button asChild className="w-full">
          <Link href="/sign-in">Sign in again</Link>
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Sign out"
      description={
        <>
          You&apos;re signed in as <strong className="font-medium break-words text-zinc-900">{signedInAs}</strong>. Sign out on this device?
        </>
      }
      footer={
        <Link href="/dashboard" className={linkClass}>
          Back to dashboard
        </Link>
      }
    >
      <Button
        className="w-full"
        loading={pending}
        onClick={() => {
          setPending(true);
          void signOut({ callbackUrl: "/sign-in" });
        }}
      >
        Sign out
      </Button>
    </AuthCard>
  );
}
