import "server-only";
import type { JobRunner } from "@/server/jobs";

/** Jobs of the A2A client (tasks sent to outside agents, tracked until they end). */
export async function registerA2aClientJobs(_runner: JobRunner): Promise<void> {}
