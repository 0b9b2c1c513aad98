import { SignJWT, jwtVerify } from "jose";
import { secret } from "../env";

/**
 * Access tokens of 003's /auth/sessions: short-lived HS256 JWTs naming their session (`sid`), which
 * authenticate() checks on every request; refresh tokens live in the DB.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ISSUER = "atrium";
const AUDIENCE = "atrium-api";

const key = () => new TextEncoder().encode(`access-token:${secret()}`);

export async function issueAccessToken(user: { id: string; role: string }, sessionId: string) {
  return new SignJWT({ role: user.role, sid: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key());
}

/**
 * The token's user and session ids, or null when the token is forged, expired, not one of ours, or
 * names no session (tokens issued before sessions were recorded).
 */
export async function verifyAccessToken(token: string): Promise<{ userId: string; sessionId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    return payload.sub && typeof payload.sid === "string" ? { userId: payload.sub, sessionId: payload.sid } : null;
  } catch {
    return null;
  }
}
