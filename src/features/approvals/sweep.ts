import "server-only";
import type { Db } from "@/server/db/client";
import { expireOverdue } from "./service/approvals";

/** How often pending approvals past their time are written `expired` (reads treat them as expired at once anyway). */
const SWEEP_MS = 60_000;

/**
 * Expires overdue approvals now and then every minute, so work waiting on them (an agent run) ends
 * with "the request expired" instead of waiting forever. Once per process; every process may sweep: each approval is
 * expired by one conditional update, so two sweepers never both resume the same work.
 */
const globalForSweep = globalThis as unknown as { atriumApprovalSweep?: ReturnType<typeof setInterval> };

export function startApprovalSweep(getDb: () => Db) {
  if (globalForSweep.atriumApprovalSweep) return;
  const sweep = () => void expireOverdue(getDb()).catch((error: unknown) => console.error("[approvals] expiry sweep failed", error));
  sweep();
  globalForSweep.atriumApprovalSweep = setInterval(sweep, SWEEP_MS);
  globalForSweep.atriumApprovalSweep.unref();
}
