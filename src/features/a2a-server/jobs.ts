import "server-only";
import type { JobRunner } from "@/server/jobs";

/** Jobs of the A2A server (tasks outside clients sent to Atrium's agents) and their recovery. */
export async function registerA2aServerJobs(_runner: JobRunner): Promise<void> {}
