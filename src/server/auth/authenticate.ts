import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import type { Db } from "../db/client";
import { secret } from "../env";
import { verifyAccessToken } from "./access-token";
import { API_KEY_PREFIX, findUserByApiKey } from "./api-key-lookup";
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
    return viewerFor(db, verified.userId, verified.issuedAt, "bearer");
  }
  if (!request.headers.get("cookie")) return null;
  // Only the headers: building a NextRequest from the request itself would consume its body.
  const session = await getToken({ req: new NextRequest(request.url, { headers: request.headers }), secret: secret() });
  if (!session?.sub || typeof session.iat !== "number") return null;
  return viewerFor(db, session.sub, session.iat, "session");
}

/**
 * A token outlives nothing: a deleted user's token, or one issued before the user's sessions were
 * revoked (a password reset), must not act. `issuedAt` is in whole seconds.
 */
async function viewerFor(db: Db, userId: string, issuedAt: number, via: Viewer["via"]): Promise<Viewer | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, sessionsRevokedAt: true } });
  if (!user) return null;
  if (user.sessionsRevokedAt && issuedAt < Math.floor(user.sessionsRevokedAt.getTime() / 1000)) return null;
  return { userId: user.id, role: asRole(user.role), via };
}

const asRole = (role: string): Viewer["role"] => (role === "admin" ? "admin" : "user");
