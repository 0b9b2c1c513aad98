import { readCache } from "../db/read-cache";

/**
 * The credential lookups (session rows, API keys, verified access tokens) of every authenticated
 * request, cached for CREDENTIAL_CACHE_TTL_MS so a request does not pay a database round trip just to
 * learn that its session is still live. A write to `users`, `auth_sessions` or `api_keys` in this
 * process (sign-out, refresh-token reuse, a password reset, a revoked key, a deleted user or a
 * changed role, raw SQL) empties it; another process's writes are seen within the TTL (see
 * ../db/read-cache.ts for the exact staleness rules).
 */
export const CREDENTIAL_CACHE_TTL_MS = 5_000;
export const CREDENTIAL_CACHE_MAX_ENTRIES = 15_000;

const credentials = readCache<unknown>({
  name: "credentials",
  tables: ["users", "auth_sessions", "api_keys"],
  ttlMs: CREDENTIAL_CACHE_TTL_MS,
  maxEntries: CREDENTIAL_CACHE_MAX_ENTRIES,
});

/** `load()`'s answer for `key` of this `kind` (session, apiKey, accessToken), cached while live. */
export function cachedCredential<V>(kind: string, key: string, load: () => Promise<V | null>): Promise<V | null> {
  return credentials.get(`${kind}:${key}`, load) as Promise<V | null>;
}
