import "server-only";
import { getJobRunner } from "@/server/jobs";
import { DELIVERY_JOB } from "./deliveries";

/** Hands a delivery to its job; the handlers are registered at boot by server.ts, else (next dev, tests) here on first use. */
export async function enqueueDelivery(deliveryId: string) {
  let runner = getJobRunner();
  if (!runner.isRegistered(DELIVERY_JOB)) {
    const { startBackgroundJobs } = await import("@/server/jobs/start");
    runner = await startBackgroundJobs();
  }
  return runner.enqueue(DELIVERY_JOB, { delivery_id: deliveryId }, { id: deliveryId });
}
