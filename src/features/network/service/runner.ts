import "server-only";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import { PEER_MESSAGE_JOB } from "../job-names";

/** The job runner with the network's handlers registered: started at boot by server.ts, else (next dev, tests) here on first use. */
export async function networkRunner(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(PEER_MESSAGE_JOB)) return runner;
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  return startBackgroundJobs();
}
