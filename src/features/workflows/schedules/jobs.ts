import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { registerPeriodicJob } from "@/server/jobs/periodic";
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
  registerPeriodicJob(runner, SCHEDULE_TICK_JOB, TICK_MS, () => fireDueSchedules(getDb()));
}
