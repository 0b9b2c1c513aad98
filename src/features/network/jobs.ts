import "server-only";
import type { JobRunner } from "@/server/jobs";

/** Jobs of the network (peer heartbeats, messages to peers, device notifications). */
export async function registerNetworkJobs(_runner: JobRunner): Promise<void> {}
