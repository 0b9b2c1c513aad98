import { SignJWT, jwtVerify } from "jose";
import { secret } from "../env";
import { cachedCredential } from "./credential-cache";

/**
 * Access tokens of 003's /auth/sessions: short-lived HS256 JWTs naming their session (`sid`), which
 * authenticate() checks on every request; refresh tokens live in the DB.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ISSUER = "atrium";
const AUDIENCE = "atrium-api";

const key = () => new TextEncoder().encode(`access-token:${secret()}`);

/**
 * The verification key, imported once per secret (jose would import raw bytes on every call), and
 * a generation number that changes with the secret, so a token verified under an old secret is not
 * taken from the cache under a new one.
 */
let verifyKey: { secret: string; generation: number; key: Promise<CryptoKey> } | undefined;
function verificationKey() {
  const current = secret();
  if (verifyKey?.secret !== current) {
    const generation = (verifyKey?.generation ?? 0) + 1;
    verifyKey = { secret: current, generation, key: crypto.subtle.importKey("raw", key(), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]) };
  }
  return verifyKey;
}

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
  // A token that verified once verifies again until it expires: the same string is checked once per
  // few seconds (credential cache), its expiry on every use.
  const { generation, key: hmacKey } = verificationKey();
  const verified = await cachedCredential("accessToken", `${generation}:${token}`, async () => {
    try {
      const { payload } = await jwtVerify(token, await hmacKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
      if (!payload.sub || typeof payload.sid !== "string" || typeof payload.exp !== "number") return null;
      return { userId: payload.sub, sessionId: payload.sid, expiresAt: payload.exp * 1000 };
    } catch {
      return null;
    }
  });
  if (!verified || verified.expiresAt <= Date.now()) return null;
  return { userId: verified.userId, sessionId: verified.sessionId };
}
