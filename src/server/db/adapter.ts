import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

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

export function openAdapter(target: DatabaseTarget): OpenedAdapter {
  if (target.kind === "postgres") {
    return { factory: new PrismaPg({ connectionString: target.url, max: 10 }), close: async () => {} };
  }
  const inMemory = target.dataDir.startsWith("memory://");
  // PGlite does not create missing parent folders of its data directory.
  if (!inMemory) mkdirSync(path.dirname(path.resolve(target.dataDir)), { recursive: true });
  const client = new PGlite(inMemory ? undefined : target.dataDir);
  return { factory: new PrismaPGlite(client), close: () => client.close() };
}
