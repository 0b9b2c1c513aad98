import "server-only";
import type { JobRunner } from "@/server/jobs";

/** Registers the gateway domain's job handlers (and recovers what a dead process left running). */
export async function registerGatewayJobs(_runner: JobRunner): Promise<void> {}
