/**
 * Small in-process caches of rows read on hot paths (credentials on every request; an agent and its
 * model config on every chat message), so a request does not pay a database round trip to re-read
 * what has not changed.
 *
 * Each cache names the tables its entries are read from. Bounded (least recently used entries go
 * first) and short-lived (ttlMs). Staleness, on purpose:
 * - in THIS process nothing is stale: every write to one of a cache's tables made through this
 *   process's database client (services, nested writes, cascades, raw SQL) empties that cache before
 *   and after it runs (see ./watch-writes.ts, wired in ./client.ts), and a lookup that overlapped
 *   such a write is not stored;
 * - a write made by ANOTHER process (a second Atrium on the same Postgres, psql) is seen here only
 *   when the entry expires, after at most ttlMs.
 * Only found rows are cached; a miss asks the database every time.
 *
 * On globalThis: server.ts's API fast path and Next's route bundles each carry a copy of this module
 * but share one database client, so they must share one set of caches.
 */
export interface ReadCacheOptions {
  /** One cache per name in the process; a second `readCache()` with the name returns the first. */
  name: string;
  /** Tables the entries are read from (SQL names: `model_configs`, not `ModelConfig`). */
  tables: string[];
  ttlMs: number;
  maxEntries: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  generation: number;
}

export class ReadCache<V> {
  private entries = new Map<string, Entry<V>>();
  private generation = 0;
  readonly touches: RegExp;

  constructor(readonly options: ReadCacheOptions) {
    // The table as a whole word, quoted or not ("public"."users", users); `chat_users` is another table.
    this.touches = new RegExp(`\\b(${options.tables.join("|")})\\b`, "i");
  }

  /** `load()`'s answer for `key`, from the cache when a live entry exists (null answers are not kept). */
  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now && hit.generation === this.generation) {
      // Most recently used goes to the end; the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    if (hit) this.entries.delete(key);
    const generation = this.generation;
    const value = await load();
    if (value !== null && generation === this.generation) {
      this.entries.set(key, { value, expiresAt: now + this.options.ttlMs, generation });
      if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }

  /** Forget everything (a write to one of the tables is running or has just run). */
  clear() {
    this.generation++;
    this.entries.clear();
  }
}

const globalForCaches = globalThis as unknown as { atriumReadCaches?: Map<string, ReadCache<unknown>> };
const caches = (globalForCaches.atriumReadCaches ??= new Map());

export function readCache<V>(options: ReadCacheOptions): ReadCache<V> {
  let cache = caches.get(options.name) as ReadCache<V> | undefined;
  if (!cache) caches.set(options.name, (cache = new ReadCache<V>(options) as ReadCache<unknown> as ReadCache<V>));
  return cache;
}

/** Called by the database client around every statement that writes: empties the caches it touches. */
export function tablesWritten(sql: string) {
  for (const cache of caches.values()) if (cache.touches.test(sql)) cache.clear();
}
