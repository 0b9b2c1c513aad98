import type { Metadata } from "next";
import { connection } from "next/server";
import { ForgotPasswordFlow } from "@/features/identity/components/forgot-password-flow";
import { isDevMode } from "@/server/env";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage() {
  await connection();
  return <ForgotPasswordFlow devMode={isDevMode()} />;
}
