import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAudit } from "@/features/audit/record";
import { checkCredentials } from "@/features/identity/service/accounts";
import { identityAudit } from "@/features/identity/service/audit-events";
import { safeRedirectPath } from "@/lib/urls";
import { getDb } from "../db";
import { clientIp } from "../http/adapter";
import { consume } from "../http/rate-limit";
import { secret } from "../env";
import { log } from "../log";
import { BROWSER_SESSION_TTL_SECONDS, checkBrowserSession, endAuthSession, startBrowserSession } from "./sessions";

/** Thrown by the session callback for a JWT whose session is over; next-auth then clears the cookie. */
class SessionEnded extends Error {
  override name = "SessionEnded";
  constructor() {
    super("The browser session has ended");
  }
}

/**
 * Browser sign-in: next-auth v4 with e-mail + password (argon2) and JWT sessions. The JWT carries
 * the user id and the id of a server-side session row (`sid`, see ../auth/sessions.ts); every use
 * is checked against that row, so sign-out and a password reset end the session at once, and a
 * cookie replayed afterwards neither works (authenticate()) nor gets re-issued (/api/auth/session).
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: secret(),
    session: { strategy: "jwt", maxAge: BROWSER_SESSION_TTL_SECONDS },
    pages: { signIn: "/sign-in", signOut: "/sign-out", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const headers = new Headers(req.headers as Record<string, string>);
          const ip = clientIp(new Request("http://internal/", { headers }));
          try {
            await consume("authIp", ip);
            await consume("authEmail", credentials.email.trim().toLowerCase());
          } catch {
            // next-auth shows a thrown error's message on the sign-in page.
            throw new Error("Too many attempts. Wait a minute and try again.");
          }
          const user = await checkCredentials(getDb(), credentials.email, credentials.password, { via: "browser", ip });
          // `ip` rides along to the jwt callback for the sign-in audit entry; it is not put in the token.
          return user ? { id: user.id, email: user.email, name: user.username, image: user.avatarUrl, ip } : null;
        },
      }),
    ],
    callbacks: {
      /** Every redirect next-auth makes (callbackUrl of sign-in and sign-out) stays on this site. */
      redirect({ url, baseUrl }) {
        return baseUrl + safeRedirectPath(url, baseUrl);
      },
      /**
       * At sign-in (`user` present) starts a session row and records its id; on every later use
       * checks the row and answers null when the session is over (signed out, password reset,
       * expired, user deleted), so next-auth issues no fresh cookie.
       */
      async jwt({ token, user }) {
        if (user) {
          // The session row and the sign-in audit entry commit together.
          const session = await getDb().$transaction(async (tx) => {
            const started = await startBrowserSession(tx, user.id);
            await recordAudit(tx, identityAudit.signedIn({ id: user.id, email: user.email ?? user.id }, "browser", (user as { ip?: string }).ip));
            return started;
          });
          return { ...token, sub: user.id, sid: session.id };
        }
        return (await checkBrowserSession(getDb(), token)) ? token : (null as unknown as JWT);
      },
      async session({ session, token }) {
        // next-auth catches this, answers no session (`{}`) and clears the cookie.
        if (!token) throw new SessionEnded();
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        await getDb().$transaction(async (tx) => {
          const ended = await endAuthSession(tx, token?.sid);
          if (ended && typeof token?.sub === "string") await recordAudit(tx, identityAudit.signedOut(token.sub, "browser"));
        });
      },
    },
    logger: {
      // An ended session is the expected outcome of replaying an old cookie, not a server error.
      error(code, metadata) {
        if (code === "JWT_SESSION_ERROR" && metadata instanceof SessionEnded) return;
        log.error("next-auth error", { code, help: `https://next-auth.js.org/errors#${code.toLowerCase()}`, err: metadata });
      },
    },
  };
}
