import "server-only";
import { registerAgentRuns } from "@/features/chat/runs/executor";
import { recoverInterruptedRuns } from "@/features/chat/runs/recover";
import { getDb } from "../db";
import { getJobRunner } from ".";

/** How often a process sharing Postgres with others looks for runs that lost their process. */
const SWEEP_MS = 30_000;

/**
 * Starts this process's background work once its database is migrated: every job handler
 * registered, runs a dead process left behind ended, then the runner started (it picks up queued
 * jobs). Called by the instrumentation hook at server start; tests call it to simulate a restart.
 */
export async function startBackgroundJobs() {
  const runner = getJobRunner();
  registerAgentRuns(runner);
  const exclusive = runner.kind === "in-process";
  await recoverInterruptedRuns(getDb(), { owner: runner.owner, exclusive });
  await runner.start();
  if (!exclusive) {
    const sweep = setInterval(() => {
      void recoverInterruptedRuns(getDb(), { owner: runner.owner, exclusive }).catch((error: unknown) => console.error("[runs] recovery sweep failed", error));
    }, SWEEP_MS);
    sweep.unref();
  }
  return runner;
}
