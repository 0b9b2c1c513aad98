import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { authOptions } from "@/server/auth/next-auth";

/** The browser session for this request (once per render), or null. */
export const getSession = cache(async () => {
  // Always per request: never evaluated while prerendering at build time.
  await connection();
  return getServerSession(authOptions());
});

/** Pages behind sign-in call this with their own path, so sign-in can send people back. */
export async function requireSession(path: string) {
  const session = await getSession();
  if (!session) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  return session;
}

/** Sign-in and sign-up are pointless when already signed in. */
export async function redirectIfSignedIn(to = "/dashboard") {
  if (await getSession()) redirect(to);
}
