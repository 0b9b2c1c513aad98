import "server-only";
import type { Db } from "@/server/db/client";

/** Longer than any delivery's three tries take (each at most 10 s); a row still queued then lost its job. */
const STALE_MS = 15 * 60 * 1000;
const REASON = "Not delivered within 15 minutes: its job was lost (the process stopped before it ran)";

/**
 * A message or notification whose job vanished (the process died between storing the row and
 * enqueuing it, or the queue lost it) would read "queued" for ever; the periodic job fails it instead.
 */
export async function failStaleDeliveries(db: Db) {
  const before = new Date(Date.now() - STALE_MS);
  await db.networkPeerMessage.updateMany({ where: { direction: "out", status: "queued", createdAt: { lt: before } }, data: { status: "failed", error: REASON } });
  await db.deviceNotification.updateMany({ where: { status: "queued", createdAt: { lt: before } }, data: { status: "failed", error: REASON } });
}
