import "server-only";
import { getDb } from "@/server/db";
import type { JobRunner } from "@/server/jobs/runner";
import { registerPeriodicJob } from "@/server/jobs/periodic";
import { expireOverdue } from "./service/approvals";

export const APPROVAL_EXPIRY_JOB = "approvals-expire";
/** How often pending approvals past their time are written `expired` (reads treat them as expired at once anyway). */
const SWEEP_MS = 60_000;

/**
 * Expires overdue approvals soon after start and then every minute, as a job of the job runner, so
 * work waiting on them (an agent run, a workflow's approval node) ends with "the request expired"
 * instead of waiting forever. Every process may sweep: each approval is expired by one conditional
 * update, so two sweepers never both resume the same work.
 */
export function registerApprovalExpiry(runner: JobRunner) {
  registerPeriodicJob(runner, APPROVAL_EXPIRY_JOB, SWEEP_MS, () => expireOverdue(getDb()), { firstAfterMs: 1_000 });
}
