import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import type { Db } from "../db/client";
import { secret } from "../env";
import { verifyAccessToken } from "./access-token";
import { API_KEY_PREFIX, findUserByApiKey } from "./api-key-lookup";
import { findLiveSession, type SessionKind } from "./sessions";
import type { Viewer } from "./viewer";

/**
 * The one way a request proves who it is: a personal API key or a Bearer access token in the
 * Authorization header, or else the browser's next-auth session cookie. A present but invalid
 * credential yields null, never a fallback to another one.
 */
export async function authenticate(db: Db, request: Request): Promise<Viewer | null> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) return null;
    const token = match[1];
    if (token.startsWith(API_KEY_PREFIX)) {
      const user = await findUserByApiKey(db, token);
      return user ? { userId: user.id, role: asRole(user.role), via: "api_key" } : null;
    }
    const verified = await verifyAccessToken(token);
    if (!verified) return null;
    return viewerFor(db, verified.sessionId, verified.userId, "api", "bearer");
  }
  if (!request.headers.get("cookie")) return null;
  // Only the headers: building a NextRequest from the request itself would consume its body.
  const session = await getToken({ req: new NextRequest(request.url, { headers: request.headers }), secret: secret() });
  if (!session) return null;
  return viewerFor(db, session.sid, session.sub, "browser", "session");
}

/**
 * A token outlives nothing: it works only while the session it names is live (not signed out, not
 * ended by a password reset or refresh-token reuse, not expired) and its user exists. A token that
 * names no session (issued before sessions were recorded) does not work.
 */
async function viewerFor(db: Db, sessionId: unknown, userId: unknown, kind: SessionKind, via: Viewer["via"]): Promise<Viewer | null> {
  const session = await findLiveSession(db, sessionId, userId, kind);
  return session ? { userId: session.user.id, role: asRole(session.user.role), via } : null;
}

const asRole = (role: string): Viewer["role"] => (role === "admin" ? "admin" : "user");
