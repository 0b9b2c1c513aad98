import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { repeatWhileRunner } from "@/server/jobs/periodic";
import { registerScheduleJobs } from "../schedules/jobs";
import { continueWorkflowRun, executeWorkflowRun } from "./executor";
import { WORKFLOW_RESUME_JOB, WORKFLOW_RUN_JOB } from "./job-names";
import { logRecoveryError, recoverWorkflowRuns } from "./recover";

/** How often this process looks for runs a dead process left and waits nobody woke. */
const SWEEP_MS = 5_000;

/**
 * Registers the workflow engine's jobs (runs, resumes, the schedules tick) with the one job runner, and its recovery:
 * once the runner has started, then every few seconds while this runner is the process's. Both jobs
 * are safe to repeat (a run is claimed by a compare-and-set; finished steps are never run again),
 * so they get three tries.
 */
export function registerWorkflowJobs(runner: JobRunner) {
  if (runner.isRegistered(WORKFLOW_RUN_JOB)) return;
  runner.register<{ run_id: string }>(WORKFLOW_RUN_JOB, (payload, job) => executeWorkflowRun(payload.run_id, ["queued"], runner.owner, job.signal), { concurrency: 50, maxAttempts: 3 });
  runner.register<{ run_id: string; step_id?: string }>(WORKFLOW_RESUME_JOB, (payload, job) => continueWorkflowRun(payload, runner.owner, job.signal), { concurrency: 50, maxAttempts: 3 });
  registerScheduleJobs(runner);
  const exclusive = runner.kind === "in-process";
  // The first sweep waits a moment, so the process's own start-up (other recoveries, runner.start) goes first.
  repeatWhileRunner(runner, SWEEP_MS, () => recoverWorkflowRuns(getDb(), { owner: runner.owner, exclusive }).catch(logRecoveryError), 1_000);
}
