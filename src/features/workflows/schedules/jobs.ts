import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { log } from "@/server/log";
import { fireDueSchedules } from "./fire";

export const SCHEDULE_TICK_JOB = "workflow-schedules-tick";
/** How often due schedules are looked for: a schedule fires at most this late. */
export const TICK_MS = 15_000;

/**
 * Schedules fire from a job of the job runner: every TICK_MS this process enqueues a tick, and the
 * tick fires what is due. With several processes each enqueues ticks; the claim in fireDueSchedules
 * makes each due time fire once however many ticks see it.
 */
export function registerScheduleJobs(runner: JobRunner) {
  if (runner.isRegistered(SCHEDULE_TICK_JOB)) return;
  runner.register(SCHEDULE_TICK_JOB, async () => {
    await fireDueSchedules(getDb());
  }, { concurrency: 1, maxAttempts: 1 });
  const tick = () => void runner.enqueue(SCHEDULE_TICK_JOB, {}).catch((error: unknown) => log.error("could not enqueue the schedules tick", { err: error }));
  const timer = setInterval(() => {
    // Stop with the runner (tests close and reopen theirs).
    if ((globalThis as { atriumJobs?: JobRunner }).atriumJobs !== runner) clearInterval(timer);
    else tick();
  }, TICK_MS);
  timer.unref();
}
