import "server-only";
import { createDb, type Db } from "./db/client";

// One client per process, opened on first use (never at import, so `next build` does not touch the
// database). Cached on globalThis so dev-mode reloads and separate route bundles share it instead
// of opening the embedded database twice.
const globalForDb = globalThis as unknown as { atriumDb?: Db };

export function getDb(): Db {
  return (globalForDb.atriumDb ??= createDb());
}

/** Tests and scripts install their own client (an in-memory PGlite, a fresh Postgres schema). */
export function setDb(db: Db | undefined) {
  globalForDb.atriumDb = db;
}
