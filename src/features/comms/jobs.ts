import "server-only";
import type { JobRunner } from "@/server/jobs";
import { AGENT_REPLY_JOB, replyAsAgent, type AgentReplyPayload } from "./runs/reply";
import { observeGatewayDeliveries } from "./service/observe";

/**
 * The comms layer's background work: Atrium agents answering comms messages (two tries: a reply
 * interrupted by a dying process is answered again, unless its reply was already recorded), and the
 * gateway's deliveries recorded as comms events in this process.
 */
export async function registerCommsJobs(runner: JobRunner): Promise<void> {
  observeGatewayDeliveries();
  if (runner.isRegistered(AGENT_REPLY_JOB)) return;
  runner.register<AgentReplyPayload>(AGENT_REPLY_JOB, (payload, job) => replyAsAgent(payload, job.signal), { concurrency: 10, maxAttempts: 2 });
}
