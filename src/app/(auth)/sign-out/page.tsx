import type { Metadata } from "next";
import { SignOutPanel } from "@/features/identity/components/sign-out-panel";
import { getSession } from "@/features/identity/session";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage() {
  const session = await getSession();
  const who = session ? (session.user?.name ?? session.user?.email ?? "your account") : null;
  return <SignOutPanel signedInAs={who} />;
}
