import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { openAdapter } from "@/server/db/adapter";
import { applyMigrations, migrationsDir } from "@/server/db/migrate";

/**
 * Migrating a fresh database costs ~10 s per test file; copying a migrated one costs a fraction.
 * So the suite migrates one template per set of migrations and every test file clones it: PGlite
 * from a data-directory dump (a tar file), Postgres with CREATE DATABASE … TEMPLATE. Keyed by a hash
 * of the migrations, so a new migration makes a new template and concurrent runs share a finished one.
 */
export function migrationsHash(): string {
  const hash = createHash("sha256");
  for (const dir of readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, dir, "migration.sql");
    if (existsSync(file)) hash.update(dir).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}

export const pgliteTemplatePath = (hash = migrationsHash()) => path.join(tmpdir(), `atrium-test-template-${hash}.tar`);
export const postgresTemplateName = (hash = migrationsHash()) => `atrium_tpl_${hash}`;

/** Writes the PGlite template dump unless it exists; atomic, so a concurrent run never reads half a file. */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = pgliteTemplatePath();
  if (existsSync(file)) return file;
  const client = new PGlite();
  await applyMigrations(new PrismaPGlite(client));
  const dump = await client.dumpDataDir("none");
  await client.close();
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return file;
}

/** Creates the migrated Postgres template database unless it exists. */
export async function ensurePostgresTemplate(serverUrl: string): Promise<string> {
  const name = postgresTemplateName();
  const exists = await withServer(serverUrl, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount! > 0);
  if (exists) return name;
  // Build under a private name, then rename: a template is usable only once it is complete.
  const building = `${name}_${process.pid}`;
  await withServer(serverUrl, (c) => c.query(`CREATE DATABASE "${building}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${building}`;
  const opened = openAdapter({ kind: "postgres", url: url.toString() });
  try {
    await applyMigrations(opened.factory);
  } catch (error) {
    // A half-migrated database must not linger under a template-like name.
    await withServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`)).catch(() => {});
    throw error;
  } finally {
    await opened.close();
    await (opened.factory as unknown as { dispose?: () => Promise<void> }).dispose?.();
  }
  await withServer(serverUrl, async (c) => {
    try {
      // A backend of a connection just closed (the migration's) can linger a moment; RENAME refuses while it does.
      await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [building]);
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } catch (error) {
      // Another run finished its template first: use theirs. Anything else is a failure to report.
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      const theirs = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!theirs.rowCount) throw error;
    }
  });
  return name;
}

/** Runs statements on the server of `url` (CREATE/DROP DATABASE cannot run inside the target). */
export async function withServer<T>(url: string, run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
