import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { repeatWhileRunner } from "@/server/jobs/periodic";
import { log } from "@/server/log";
import { executeAguiRun } from "./service/execute";
import { recoverAguiRuns } from "./service/recover";
import { AGUI_RUN_JOB } from "./service/start";

/** How often a process sharing Postgres with others looks for AG-UI runs that lost their process. */
const SWEEP_MS = 30_000;

/**
 * Registers the AG-UI run job and ends the runs a dead process left running (at start, and on a
 * shared Postgres every 30 s). Runs are not repeated: one interrupted half-way has streamed half a
 * reply, so it ends with RUN_ERROR and the thread goes on with its next run.
 */
export async function registerAguiJobs(runner: JobRunner): Promise<void> {
  if (runner.isRegistered(AGUI_RUN_JOB)) return;
  runner.register<{ taskId: string }>(AGUI_RUN_JOB, (payload, job) => executeAguiRun(payload.taskId, runner.owner, job.signal), { concurrency: 100, maxAttempts: 1 });
  const exclusive = runner.kind === "in-process";
  const recover = () => recoverAguiRuns(getDb(), { owner: runner.owner, exclusive });
  await recover().catch((error: unknown) => log.error("agui run recovery failed", { err: error }));
  if (!exclusive) repeatWhileRunner(runner, SWEEP_MS, () => recover().catch((error: unknown) => log.error("agui run recovery sweep failed", { err: error })));
}
