import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import type { JobRunner } from "@/server/jobs";
import { log } from "@/server/log";
import { publishMeshEvent } from "../service/events";
import { TASK_HEARTBEAT_MS } from "./execute";
import { MESH_TASK_JOB } from "./job-names";

/** A running task whose heartbeat is this old lost its process. */
const STALE_MS = 6 * TASK_HEARTBEAT_MS;
/** A task still waiting this long lost its job (the runner forgot it): it is queued again. */
const WAITING_TOO_LONG_MS = 2 * 60_000;
/** Tries in all: an interrupted task runs once more, then fails. */
export const MAX_TASK_ATTEMPTS = 2;
const BATCH = 100;
export const INTERRUPTED = "The task was interrupted twice: the server running it stopped";

/**
 * Continues what a dead process left: a task it was running goes back to `assigned` and gets a new
 * job (one more try; an agent's answer is not half-kept), or fails once it had MAX_TASK_ATTEMPTS.
 * On the embedded database (`exclusive`) every running task of another owner is dead; on a shared
 * Postgres a stale heartbeat says so.
 */
export async function recoverMeshTasks(db: Db, runner: JobRunner, { exclusive }: { exclusive: boolean }) {
  const now = Date.now();
  const stale = { OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now - STALE_MS) } }] };
  const dead = exclusive ? { OR: [{ owner: { not: runner.owner } }, { owner: runner.owner, ...stale }] } : stale;
  const orphans = await db.meshTask.findMany({
    where: { OR: [{ status: "running", ...dead }, { status: { in: ["assigned", "pending"] }, owner: null, updatedAt: { lt: new Date(now - WAITING_TOO_LONG_MS) } }] },
    select: { id: true, userId: true, spaceId: true, status: true, owner: true, attempts: true },
    take: BATCH,
  });
  let recovered = 0;
  for (const task of orphans) {
    const again = task.attempts < MAX_TASK_ATTEMPTS;
    const released = await db.meshTask.updateMany({
      where: { id: task.id, status: task.status, owner: task.owner },
      data: again ? { status: "assigned", owner: null, heartbeatAt: null } : { status: "failed", owner: null, heartbeatAt: null, error: { code: "TASK_FAILED", message: INTERRUPTED } },
    });
    if (released.count !== 1) continue;
    recovered++;
    if (again) await runner.enqueue(MESH_TASK_JOB, { task_id: task.id }, { id: randomUUID() });
    else await publishMeshEvent(task.userId, { type: "task.failed", task_id: task.id, space_id: task.spaceId, error: { code: "TASK_FAILED", message: INTERRUPTED } });
  }
  return recovered;
}

export function logRecoveryError(error: unknown) {
  log.error("mesh task recovery failed", { err: error });
}
