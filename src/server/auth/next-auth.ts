import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { checkCredentials } from "@/features/identity/service/accounts";
import { getDb } from "../db";
import { clientIp } from "../http/adapter";
import { consume } from "../http/rate-limit";
import { secret } from "../env";

/**
 * Browser sign-in: next-auth v4 with e-mail + password (argon2) and JWT sessions. The JWT carries
 * only the user id; authenticate() re-reads the user on every request so a deleted account stops
 * working at once.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: secret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const headers = new Headers(req.headers as Record<string, string>);
          try {
            await consume("authIp", clientIp(new Request("http://internal/", { headers })));
            await consume("authEmail", credentials.email.trim().toLowerCase());
          } catch {
            // next-auth shows a thrown error's message on the sign-in page.
            throw new Error("Too many attempts. Wait a minute and try again.");
          }
          const user = await checkCredentials(getDb(), credentials.email, credentials.password);
          return user ? { id: user.id, email: user.email, name: user.username, image: user.avatarUrl } : null;
        },
      }),
    ],
    callbacks: {
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
