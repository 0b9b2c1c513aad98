import "server-only";
import type { JobRunner } from "@/server/jobs";

/** Jobs of the agent gateway (webhook deliveries, retried with backoff). */
export async function registerAgentGatewayJobs(_runner: JobRunner): Promise<void> {}
