import type { Db } from "../db/client";
import { sha256 } from "../crypto/tokens";
import { cachedCredential } from "./credential-cache";

/** Personal API keys read `atr_<random>`; the prefix makes leaked keys easy to spot and scan for. */
export const API_KEY_PREFIX = "atr_";

export async function findUserByApiKey(db: Db, key: string) {
  const keyHash = sha256(key);
  // From the credential cache for a few seconds at most; revoking the key empties it at once.
  const found = await cachedCredential("apiKey", keyHash, () =>
    db.apiKey.findUnique({
      where: { keyHash },
      select: { id: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, role: true } } },
    }),
  );
  if (!found || found.revokedAt) return null;
  // Record use at most once a minute so a busy key does not write on every request.
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  }
  return found.user;
}
