import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/server/db/client";
import { resetEnvCache } from "@/server/env";
import { resetRateLimiters } from "@/server/http/rate-limit";
import { closeJobRunner, setJobDatabaseUrl } from "@/server/jobs";
import type { Redis } from "ioredis";
import { createTestDb, type TestDb } from "./db";
import { startStubProvider, type StubProvider } from "./stub-provider";
import { startApiServer, type TestServer } from "./http";

export interface Harness {
  db: Db;
  http: TestServer;
  testDb: TestDb;
}

/**
 * Registers beforeAll/afterAll hooks that give the test file a fresh database and a real HTTP server
 * for /api/v1. Read the fields inside tests (they are filled in by beforeAll).
 */
export function setupApi(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.testDb = await createTestDb();
    harness.db = harness.testDb.db;
    await pointJobsAtTestDatabase(harness.testDb);
    harness.http = await startApiServer(harness.db);
  });
  afterAll(async () => {
    await harness.http?.close();
    await closeJobRunner();
    await harness.testDb?.close();
    await closeRedis();
  });
  return harness;
}

/** The job runner (pg-boss on Postgres) works on this file's database, not on DATABASE_URL's. */
export async function pointJobsAtTestDatabase(testDb: TestDb) {
  setJobDatabaseUrl(await testDatabaseUrl(testDb));
}

/** The URL of the file's own Postgres database (null on PGlite). */
export async function testDatabaseUrl(testDb: TestDb) {
  const serverUrl = process.env.DATABASE_URL;
  if (testDb.kind !== "postgres" || !serverUrl) return null;
  const [{ name }] = await testDb.db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const globalForRedis = globalThis as unknown as { atriumRedis?: Redis | null };

/** Quits the shared Redis client (if one was opened) and forgets it, with the limiters built on it. */
export async function closeRedis() {
  const client = globalForRedis.atriumRedis;
  globalForRedis.atriumRedis = undefined;
  resetRateLimiters();
  if (client) await client.quit().catch(() => client.disconnect());
}

/** Sets (or, with undefined, removes) environment variables and re-reads the environment; returns an undo. */
export function withEnv(vars: Record<string, string | undefined>) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  };
  apply(vars);
  return () => apply(saved);
}

/**
 * A stub OpenAI-compatible model server for the test file (started in beforeAll, closed in
 * afterAll), with outbound HTTP to loopback allowed meanwhile. Read its fields inside tests.
 */
export function setupStubProvider(options: { apiKey?: string } = {}): StubProvider {
  let current: StubProvider | undefined;
  let restoreEnv = () => {};
  beforeAll(async () => {
    restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
    current = await startStubProvider(options);
  });
  afterAll(async () => {
    await current?.close();
    restoreEnv();
  });
  const live = () => {
    if (!current) throw new Error("the stub provider starts in beforeAll");
    return current;
  };
  return {
    get baseUrl() {
      return live().baseUrl;
    },
    get port() {
      return live().port;
    },
    get requests() {
      return live().requests;
    },
    get closedEarly() {
      return live().closedEarly;
    },
    waitForClosedEarly: (count, timeoutMs) => live().waitForClosedEarly(count, timeoutMs),
    close: () => live().close(),
  };
}
