import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { repeatWhileRunner } from "@/server/jobs/periodic";
import { executeMeshTask } from "./runs/execute";
import { MESH_TASK_JOB } from "./runs/job-names";
import { logRecoveryError, recoverMeshTasks } from "./runs/recover";

/** How often this process looks for tasks a dead process left running. */
const SWEEP_MS = 10_000;

/**
 * Registers the job that runs mesh tasks, and its recovery: once at start (what a dead process left
 * is picked up before new work), then every few seconds while this runner is the process's. The job
 * has one try: a task is claimed by a compare-and-set, and recovery decides whether it runs again.
 */
export async function registerMeshJobs(runner: JobRunner): Promise<void> {
  if (runner.isRegistered(MESH_TASK_JOB)) return;
  runner.register<{ task_id: string }>(MESH_TASK_JOB, (payload, job) => executeMeshTask(payload.task_id, runner.owner, job.signal), { concurrency: 20, maxAttempts: 1 });
  const exclusive = runner.kind === "in-process";
  repeatWhileRunner(runner, SWEEP_MS, () => recoverMeshTasks(getDb(), runner, { exclusive }).catch(logRecoveryError), 1_000);
}
