import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PostgresAdapterFactory } from "./postgres-adapter";

/**
 * One schema, two engines: the embedded PGlite (Postgres compiled to WASM, in-process) when no
 * DATABASE_URL is given, a real Postgres through node-postgres when it is.
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

export function databaseTarget(env = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: env.PGLITE_DIR ?? "./.data/pglite" };
}

export interface OpenedAdapter {
  factory: PrismaPg | PrismaPGlite;
  close(): Promise<void>;
}

const globalForMemoryDb = globalThis as unknown as { atriumMemoryPglite?: PGlite };

/**
 * PGlite's defaults plus a smaller buffer pool. Postgres's default 128 MB of shared buffers live in
 * PGlite's WASM memory and fill up under load (about +140 MB of RSS measured); the embedded database
 * is small and its files sit in the OS page cache anyway, so 16 MB costs little speed.
 */
export const PGLITE_OPTIONS = { startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"] };

/**
 * The database this process serves from (DATABASE_URL or PGLITE_DIR). With `PGLITE_DIR=memory://`
 * the database exists once per process: server.ts migrates and seeds it, then the app serves from
 * the same one. A fresh PGlite per call would hand the app a second, empty database, and closing it
 * would throw the data away.
 */
export function openAppDatabase(target = databaseTarget()): OpenedAdapter {
  if (target.kind === "pglite" && isMemory(target.dataDir)) {
    const client = (globalForMemoryDb.atriumMemoryPglite ??= new PGlite(PGLITE_OPTIONS));
    return { factory: new PrismaPGlite(client), close: async () => {} };
  }
  return openAdapter(target);
}

const isMemory = (dataDir: string) => dataDir.startsWith("memory://");

/** A new connection to the target; for memory:// a new, empty database (what tests want). */
export function openAdapter(target: DatabaseTarget): OpenedAdapter {
  if (target.kind === "postgres") {
    return { factory: new PostgresAdapterFactory(target.url), close: async () => {} };
  }
  if (isMemory(target.dataDir)) {
    const client = new PGlite(PGLITE_OPTIONS);
    return { factory: new PrismaPGlite(client), close: () => client.close() };
  }
  // PGlite does not create missing parent folders of its data directory.
  mkdirSync(path.dirname(path.resolve(target.dataDir)), { recursive: true });
  const client = new PGlite(target.dataDir, PGLITE_OPTIONS);
  return { factory: new PrismaPGlite(client), close: () => client.close() };
}
