import { getDb } from "../db";
import { env } from "../env";
import { InProcessJobRunner } from "./in-process-runner";
import { PgBossJobRunner } from "./pg-boss-runner";
import type { JobRunner } from "./runner";

export type { JobContext, JobHandler, JobRunner } from "./runner";

const globalForJobs = globalThis as unknown as { atriumJobs?: JobRunner; atriumJobsDatabaseUrl?: string | null };

/**
 * The process's runner, created on first use: pg-boss when the database is a real Postgres, else the
 * in-process runner on the embedded database. On globalThis, so every bundle of the app (and the
 * instrumentation hook that starts it) shares one.
 */
export function getJobRunner(): JobRunner {
  if (!globalForJobs.atriumJobs) {
    const url = globalForJobs.atriumJobsDatabaseUrl !== undefined ? globalForJobs.atriumJobsDatabaseUrl : (env().DATABASE_URL ?? null);
    globalForJobs.atriumJobs = url ? new PgBossJobRunner(url) : new InProcessJobRunner(getDb);
  }
  return globalForJobs.atriumJobs;
}

/** Tests run on a database of their own: its URL (null: the embedded one) instead of DATABASE_URL. */
export function setJobDatabaseUrl(url: string | null) {
  globalForJobs.atriumJobsDatabaseUrl = url;
}

/** Stops the runner (aborting what runs here) and forgets it. */
export async function closeJobRunner() {
  const runner = globalForJobs.atriumJobs;
  globalForJobs.atriumJobs = undefined;
  await runner?.stop();
}
