import "server-only";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import { AGENT_REPLY_JOB } from "./reply";

/** The job runner with comms' handlers registered: at boot by server.ts, else (next dev, tests) here on first use. */
export async function runnerForComms(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(AGENT_REPLY_JOB)) return runner;
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  const started = await startBackgroundJobs();
  // start.ts registers comms' jobs; registering here too keeps this working if it does not (yet).
  const { registerCommsJobs } = await import("../jobs");
  await registerCommsJobs(started);
  return started;
}
