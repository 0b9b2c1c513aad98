/**
 * A small in-process cache of credential lookups (session rows, API keys), so an authenticated request
 * does not pay a database round trip just to learn that its session is still live.
 *
 * Bounded (least recently used entries go first) and short-lived (TTL_MS). Staleness, on purpose:
 * - in THIS process nothing is stale: every write to `users`, `auth_sessions` or `api_keys` made
 *   through this process's database client (sign-out, refresh-token reuse, password reset, key
 *   revocation, a deleted user or a changed role, even a raw SQL statement) empties the cache before
 *   and after it runs (see ../db/watch-writes.ts), and a lookup that raced such a write is not stored;
 * - a write made by ANOTHER process (a second Atrium behind the same Postgres, psql) is seen here
 *   only when the entry expires: a signed-out token may keep working for up to TTL_MS there.
 * Only found rows are cached; a miss (unknown session or key) asks the database every time.
 *
 * On globalThis: server.ts's API fast path and Next's route bundles each carry a copy of this module
 * but share one database client, so they must share one cache and one generation.
 */
export const CREDENTIAL_CACHE_TTL_MS = 5_000;
export const CREDENTIAL_CACHE_MAX_ENTRIES = 5_000;

interface Entry<V> {
  value: V;
  expiresAt: number;
  generation: number;
}

interface State {
  generation: number;
  caches: Map<string, Map<string, Entry<unknown>>>;
}

const globalForCredentials = globalThis as unknown as { atriumCredentialCache?: State };
const state = (globalForCredentials.atriumCredentialCache ??= { generation: 0, caches: new Map() });

/** Forget every cached credential (called around every write to the credential tables). */
export function credentialsChanged() {
  state.generation++;
  for (const cache of state.caches.values()) cache.clear();
}

/**
 * `load()`'s answer for `key`, from the cache when a live entry exists. A null answer is not stored,
 * nor one whose lookup overlapped a write to the credential tables.
 */
export async function cachedCredential<V>(kind: string, key: string, load: () => Promise<V | null>): Promise<V | null> {
  let cache = state.caches.get(kind) as Map<string, Entry<V>> | undefined;
  if (!cache) state.caches.set(kind, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now && hit.generation === state.generation) {
    // Most recently used goes to the end; the oldest is evicted first.
    cache.delete(key);
    cache.set(key, hit);
    return hit.value;
  }
  if (hit) cache.delete(key);
  const generation = state.generation;
  const value = await load();
  if (value !== null && generation === state.generation) {
    cache.set(key, { value, expiresAt: now + CREDENTIAL_CACHE_TTL_MS, generation });
    if (cache.size > CREDENTIAL_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return value;
}
