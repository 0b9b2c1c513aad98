import { randomBytes } from "node:crypto";
import pg from "pg";
import { setDb } from "@/server/db";
import { openAdapter, type OpenedAdapter } from "@/server/db/adapter";
import { createDb, type Db } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrate";

export interface TestDb {
  db: Db;
  kind: "pglite" | "postgres";
  /** Milliseconds from nothing to a migrated, connected database. */
  setupMs: number;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite when DATABASE_URL is unset, else
 * a new database `atrium_t_<random>` on the Postgres server of DATABASE_URL, dropped on close.
 * Also installs it as the process-wide client, so code that calls getDb() sees it.
 */
export async function createTestDb(): Promise<TestDb> {
  const started = performance.now();
  const serverUrl = process.env.DATABASE_URL;
  let opened: OpenedAdapter;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `atrium_t_${randomBytes(6).toString("hex")}`;
    await withServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    opened = openAdapter({ kind: "postgres", url: url.toString() });
    dropDatabase = () => withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {});
  } else {
    opened = openAdapter({ kind: "pglite", dataDir: "memory://" });
  }
  await applyMigrations(opened.factory);
  const db = createDb(opened);
  setDb(db);
  const setupMs = Math.round(performance.now() - started);
  if (process.env.ATRIUM_TEST_DB_TIMING) console.info(`[test-db] ${serverUrl ? "postgres" : "pglite"} ready in ${setupMs} ms`);

  return {
    db,
    kind: serverUrl ? "postgres" : "pglite",
    setupMs,
    async close() {
      setDb(undefined);
      await db.$disconnect();
      await opened.close();
      await dropDatabase();
    },
  };
}

/** Runs one statement on the server of `url` (CREATE/DROP DATABASE cannot run inside the target). */
async function withServer<T>(url: string, run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
