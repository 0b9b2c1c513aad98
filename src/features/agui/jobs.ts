import "server-only";
import type { JobRunner } from "@/server/jobs";

/** Registers the agui domain's job handlers (and recovers what a dead process left running). */
export async function registerAguiJobs(_runner: JobRunner): Promise<void> {}
