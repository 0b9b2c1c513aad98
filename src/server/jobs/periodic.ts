import "server-only";
import { log } from "../log";
import type { JobRunner } from "./runner";

/** The process's current runner, read without getJobRunner() (which would create one where none should be). */
const currentRunner = () => (globalThis as { atriumJobs?: JobRunner }).atriumJobs;

/**
 * Calls `task` every `everyMs` (first after `firstAfterMs`) for as long as `runner` is this
 * process's runner: a runner stopped or replaced (tests close and reopen theirs) stops its timers.
 * For a runner's own housekeeping (recovery sweeps); work itself goes through `registerPeriodicJob`.
 */
export function repeatWhileRunner(runner: JobRunner, everyMs: number, task: () => Promise<unknown>, firstAfterMs?: number) {
  const run = () => void task().catch((error: unknown) => log.error("periodic task failed", { err: error }));
  if (firstAfterMs !== undefined) setTimeout(() => currentRunner() === runner && run(), firstAfterMs).unref();
  const timer = setInterval(() => {
    if (currentRunner() !== runner) clearInterval(timer);
    else run();
  }, everyMs);
  timer.unref();
}

/**
 * A job of the job runner enqueued every `everyMs` by each process (the work, e.g. firing due
 * schedules or expiring approvals, must be safe when two processes' ticks overlap: claim rows with
 * a conditional update). One at a time per process; a failed tick is logged and the next one runs.
 */
export function registerPeriodicJob(runner: JobRunner, name: string, everyMs: number, handler: () => Promise<unknown>, options: { firstAfterMs?: number } = {}) {
  if (runner.isRegistered(name)) return;
  runner.register(name, async () => {
    await handler();
  }, { concurrency: 1, maxAttempts: 1 });
  repeatWhileRunner(runner, everyMs, () => runner.enqueue(name, {}), options.firstAfterMs);
}
