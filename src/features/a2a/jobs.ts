import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { repeatWhileRunner } from "@/server/jobs/periodic";
import { executeA2aTask } from "./runs/execute";
import { logRecoveryError, recoverA2aTasks } from "./runs/recover";
import { A2A_SEND_JOB } from "./service/tasks";

/** How often this process looks for tasks a dead process left. */
const SWEEP_MS = 10_000;

/**
 * Jobs of the A2A client (tasks sent to outside agents, followed until they end), and their
 * recovery: at start (after a second) and then every few seconds while this runner is the process's.
 * One try per job: a task is claimed by a compare-and-set, and recovery decides whether it goes on.
 */
export async function registerA2aClientJobs(runner: JobRunner): Promise<void> {
  if (runner.isRegistered(A2A_SEND_JOB)) return;
  runner.register<{ task_id: string }>(A2A_SEND_JOB, (payload, job) => executeA2aTask(payload.task_id, runner.owner, job.signal), { concurrency: 20, maxAttempts: 1 });
  const exclusive = runner.kind === "in-process";
  repeatWhileRunner(runner, SWEEP_MS, () => recoverA2aTasks(getDb(), runner, { exclusive }).catch(logRecoveryError), 1_000);
}
