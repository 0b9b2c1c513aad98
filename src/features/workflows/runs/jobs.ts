import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { continueWorkflowRun, executeWorkflowRun } from "./executor";
import { WORKFLOW_RESUME_JOB, WORKFLOW_RUN_JOB } from "./job-names";
import { logRecoveryError, recoverWorkflowRuns } from "./recover";

/** How often this process looks for runs a dead process left and waits nobody woke. */
const SWEEP_MS = 5_000;

/**
 * Registers the workflow engine's jobs (runs, resumes) with the one job runner, and its recovery:
 * once the runner has started, then every few seconds while this runner is the process's. Both jobs
 * are safe to repeat (a run is claimed by a compare-and-set; finished steps are never run again),
 * so they get three tries.
 */
export function registerWorkflowJobs(runner: JobRunner) {
  if (runner.isRegistered(WORKFLOW_RUN_JOB)) return;
  runner.register<{ run_id: string }>(WORKFLOW_RUN_JOB, (payload, job) => executeWorkflowRun(payload.run_id, ["queued"], runner.owner, job.signal), { concurrency: 50, maxAttempts: 3 });
  runner.register<{ run_id: string; step_id?: string }>(WORKFLOW_RESUME_JOB, (payload, job) => continueWorkflowRun(payload, runner.owner, job.signal), { concurrency: 50, maxAttempts: 3 });
  const exclusive = runner.kind === "in-process";
  const sweep = () => recoverWorkflowRuns(getDb(), { owner: runner.owner, exclusive }).catch(logRecoveryError);
  // The first sweep waits a moment, so the process's own start-up (other recoveries, runner.start) goes first.
  setTimeout(() => void sweep(), 1_000).unref();
  const timer = setInterval(() => {
    // A runner that was stopped or replaced (tests close and reopen theirs) stops sweeping. Read
    // without getJobRunner(), which would create a runner where none should be.
    if ((globalThis as { atriumJobs?: JobRunner }).atriumJobs !== runner) clearInterval(timer);
    else void sweep();
  }, SWEEP_MS);
  timer.unref();
}
