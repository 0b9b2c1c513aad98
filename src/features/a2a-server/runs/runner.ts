import "server-only";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import { A2A_TASK_JOB } from "./job-names";

/** The job runner with the A2A handlers registered: started at boot by server.ts, else (next dev, tests) here on first use. */
export async function runnerForA2a(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(A2A_TASK_JOB)) return runner;
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  return startBackgroundJobs();
}
