import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { canReadOutbox } from "@/features/dev/access";
import { ForgotPasswordFlow } from "@/features/identity/components/forgot-password-flow";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage() {
  await connection();
  return <ForgotPasswordFlow showOutboxHint={canReadOutbox(await headers())} />;
}
