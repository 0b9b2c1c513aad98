import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { registerPeriodicJob } from "@/server/jobs/periodic";
import { networkConfig } from "./config";
import { DEVICE_NOTIFICATION_JOB, PEER_MESSAGE_JOB, PEER_PING_JOB } from "./job-names";
import { deliverPeerMessage, MESSAGE_ATTEMPTS } from "./service/messages";
import { deliverNotification, DELIVERY_ATTEMPTS } from "./service/notify";
import { pingAllPeers } from "./service/peers";
import { failStaleDeliveries } from "./service/stale";

/**
 * Jobs of the network: a message to a peer and a notification to a device are each one job (tried
 * three times; a process that dies mid-delivery leaves the job to be run again, and the rows'
 * conditional updates keep a delivery from counting twice); every process pings the peers every
 * NETWORK_PING_INTERVAL_SECONDS (30 s), which keeps their state and last_seen, and fails deliveries
 * whose job was lost (still queued after 15 minutes).
 */
export async function registerNetworkJobs(runner: JobRunner): Promise<void> {
  if (runner.isRegistered(PEER_MESSAGE_JOB)) return;
  runner.register<{ message_id: string }>(PEER_MESSAGE_JOB, (payload, job) => deliverPeerMessage(getDb(), payload.message_id, job.attempt), { concurrency: 10, maxAttempts: MESSAGE_ATTEMPTS });
  runner.register<{ delivery_id: string }>(DEVICE_NOTIFICATION_JOB, (payload, job) => deliverNotification(getDb(), payload.delivery_id, job.attempt), { concurrency: 10, maxAttempts: DELIVERY_ATTEMPTS });
  registerPeriodicJob(runner, PEER_PING_JOB, networkConfig().pingIntervalMs, async () => {
    await pingAllPeers(getDb());
    await failStaleDeliveries(getDb());
  }, { firstAfterMs: 2_000 });
}
