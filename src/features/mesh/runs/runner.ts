import "server-only";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import { MESH_TASK_JOB } from "./job-names";

/** The job runner with the mesh's handlers registered: started at boot by server.ts, else (next dev, tests) here on first use. */
export async function runnerForMesh(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(MESH_TASK_JOB)) return runner;
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  return startBackgroundJobs();
}
