import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { setDb } from "@/server/db";
import { openAdapter, type OpenedAdapter } from "@/server/db/adapter";
import { createDb, type Db } from "@/server/db/client";
import { ensurePgliteTemplate, ensurePostgresTemplate, withServer } from "./template-db";

export interface TestDb {
  db: Db;
  kind: "pglite" | "postgres";
  /** Milliseconds from nothing to a migrated, connected database. */
  setupMs: number;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite when DATABASE_URL is unset, else
 * a new database `atrium_t_<random>` on the Postgres server of DATABASE_URL, dropped on close. Both
 * are clones of the migrated template (tests/support/template-db.ts), made once per run.
 * Also installs it as the process-wide client, so code that calls getDb() sees it.
 */
export async function createTestDb(): Promise<TestDb> {
  const started = performance.now();
  const serverUrl = process.env.DATABASE_URL;
  let opened: OpenedAdapter;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `atrium_t_${randomBytes(6).toString("hex")}`;
    const template = await ensurePostgresTemplate(serverUrl);
    await withServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    opened = openAdapter({ kind: "postgres", url: url.toString() });
    dropDatabase = () => withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {});
  } else {
    const dump = readFileSync(await ensurePgliteTemplate());
    const client = new PGlite({ loadDataDir: new Blob([dump]) });
    opened = { factory: new PrismaPGlite(client), close: () => client.close() };
  }
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
