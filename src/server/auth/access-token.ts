import { SignJWT, jwtVerify } from "jose";
import { secret } from "../env";

/** Access tokens of 003's /auth/sessions: short-lived HS256 JWTs; refresh tokens live in the DB. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ISSUER = "atrium";
const AUDIENCE = "atrium-api";

const key = () => new TextEncoder().encode(`access-token:${secret()}`);

export async function issueAccessToken(user: { id: string; role: string }) {
  return new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key());
}

/** The token's user id and issue time, or null when the token is forged, expired or not one of ours. */
export async function verifyAccessToken(token: string): Promise<{ userId: string; issuedAt: number } | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    return payload.sub && payload.iat ? { userId: payload.sub, issuedAt: payload.iat } : null;
  } catch {
    return null;
  }
}
