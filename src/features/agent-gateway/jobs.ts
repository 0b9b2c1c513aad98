import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs";
import { repeatWhileRunner } from "@/server/jobs/periodic";
import { retryDelayMs } from "./config";
import { attempt, DELIVERY_JOB, failAbandonedDeliveries } from "./service/deliveries";

/** How often this process looks for deliveries whose job is gone. */
const SWEEP_MS = 60_000;

/**
 * The delivery job: pushes a message until it is delivered or out of tries, waiting with backoff
 * between tries (2 s, 8 s, 32 s by default). Each try is claimed by a compare-and-set on the
 * delivery's attempt count, so a job run again after its process died goes on from the tries
 * recorded rather than repeating them; a push interrupted mid-flight may reach the receiver twice
 * (receivers deduplicate by `message_id`).
 */
export async function registerAgentGatewayJobs(runner: JobRunner): Promise<void> {
  if (runner.isRegistered(DELIVERY_JOB)) return;
  runner.register<{ delivery_id: string }>(
    DELIVERY_JOB,
    async ({ delivery_id }, job) => {
      const db = getDb();
      for (;;) {
        const delivery = await db.gatewayDelivery.findUnique({ where: { id: delivery_id }, select: { status: true, attempts: true } });
        if (!delivery || !["pending", "retrying"].includes(delivery.status)) return;
        if (delivery.attempts > 0) await sleep(retryDelayMs(delivery.attempts), undefined, { signal: job.signal }).catch(() => {});
        if (job.signal.aborted) return;
        const outcome = await attempt(db, delivery_id, job.signal);
        if (!outcome?.willRetry) return;
      }
    },
    { concurrency: 20, maxAttempts: 3 },
  );
  repeatWhileRunner(runner, SWEEP_MS, () => failAbandonedDeliveries(getDb()), 5_000);
}
