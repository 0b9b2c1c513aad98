import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { repeatWhileRunner } from "@/server/jobs/periodic";
import { executeA2aTask } from "./runs/execute";
import { A2A_TASK_JOB } from "./runs/job-names";
import { logRecoveryError, recoverA2aTasks } from "./runs/recover";

/** How often this process looks for tasks a dead process left working. */
const SWEEP_MS = 10_000;

/**
 * Jobs of the A2A server (tasks outside clients sent to Atrium's agents) and their recovery: once
 * soon after start (what a dead process left is picked up), then every few seconds while this runner
 * is the process's. One try per job: a task is claimed by a compare-and-set, and recovery decides
 * whether it runs again.
 */
export async function registerA2aServerJobs(runner: JobRunner): Promise<void> {
  if (runner.isRegistered(A2A_TASK_JOB)) return;
  runner.register<{ task_id: string }>(A2A_TASK_JOB, (payload, job) => executeA2aTask(payload.task_id, runner.owner, job.signal), { concurrency: 20, maxAttempts: 1 });
  const exclusive = runner.kind === "in-process";
  repeatWhileRunner(runner, SWEEP_MS, () => recoverA2aTasks(getDb(), runner, { exclusive }).catch(logRecoveryError), 1_000);
}
