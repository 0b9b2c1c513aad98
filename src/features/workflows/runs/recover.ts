import "server-only";
import type { Db } from "@/server/db/client";
import { log } from "@/server/log";
import { localRuns } from "../engine/local-runs";
import { resolutionOf } from "../engine/waits";
import { enqueueResume, RUN_HEARTBEAT_MS } from "./executor";

/** A run whose heartbeat is this old lost its process. */
export const STALE_MS = 5 * RUN_HEARTBEAT_MS;
/** At most this many runs (and waiting steps) are looked at per sweep; the next sweep takes the rest. */
const BATCH = 100;

/**
 * Continues what a dead process left behind, and what nobody woke:
 * - runs it was executing (`running` or `queued` with its owner; on the embedded database any owner
 *   but this process, on a shared Postgres a stale heartbeat) are queued again and continued: their
 *   finished steps are kept, a step it was running runs again (one more attempt);
 * - a run it let go of while paused is released;
 * - waiting steps that can go on (a long delay whose time passed, a decision or a child run's end
 *   whose job was lost) get their run continued.
 */
export async function recoverWorkflowRuns(db: Db, { owner, exclusive }: { owner: string; exclusive: boolean }) {
  const stale = { OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(Date.now() - STALE_MS) } }] };
  // On the embedded database every other owner is dead; this process's own runs count when their
  // heartbeat stopped and they do not run here (an engine failure left them behind).
  const dead = exclusive ? { OR: [{ owner: { not: owner } }, { owner, ...stale }] } : { owner: { not: null }, ...stale };
  const orphans = await db.workflowRun.findMany({ where: { status: { in: ["running", "queued", "paused"] }, owner: { not: null }, ...dead }, select: { id: true, status: true, owner: true }, take: BATCH });
  let recovered = 0;
  for (const run of orphans) {
    if (localRuns.has(run.id)) continue;
    const paused = run.status === "paused";
    const released = await db.workflowRun.updateMany({
      where: { id: run.id, status: run.status, owner: run.owner },
      data: { owner: null, heartbeatAt: null, ...(paused ? {} : { status: "queued" }) },
    });
    if (released.count !== 1 || paused) continue;
    await enqueueResume(run.id);
    recovered++;
  }
  const waiting = await db.workflowStep.findMany({ where: { status: "waiting", run: { status: "waiting" } }, take: BATCH, orderBy: { startedAt: "asc" } });
  for (const step of waiting) {
    if (await resolutionOf(db, step)) {
      await enqueueResume(step.runId, step.id);
      recovered++;
    }
  }
  return recovered;
}

export function logRecoveryError(error: unknown) {
  log.error("workflow run recovery failed", { err: error });
}
