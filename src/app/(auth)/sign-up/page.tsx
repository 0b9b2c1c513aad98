import type { Metadata } from "next";
import { headers } from "next/headers";
import { SignUpFlow } from "@/features/identity/components/sign-up-flow";
import { redirectIfSignedIn } from "@/features/identity/session";
import { canReadOutbox } from "@/features/dev/access";
import { firstParam, type SearchParams } from "@/lib/urls";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  await redirectIfSignedIn();
  const invite = firstParam((await searchParams).invite)?.trim().slice(0, 32);
  return <SignUpFlow invite={invite} showOutboxHint={canReadOutbox(await headers())} />;
}
