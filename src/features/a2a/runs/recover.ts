import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import type { JobRunner } from "@/server/jobs";
import { log } from "@/server/log";
import { A2A_SEND_JOB, failTask } from "../service/tasks";
import { TASK_HEARTBEAT_MS } from "./execute";

/** A followed task whose heartbeat is this old lost its process. */
const STALE_MS = 6 * TASK_HEARTBEAT_MS;
/** A task still unclaimed this long lost its job (the runner forgot it): it is queued again. */
const WAITING_TOO_LONG_MS = 2 * 60_000;
/** Tries in all: an interrupted task is taken up once more, then fails. */
export const MAX_TASK_ATTEMPTS = 2;
const BATCH = 100;
export const INTERRUPTED = "The task was interrupted twice: the server following it stopped";

/**
 * Continues what a dead process left: a task it was sending or following gets a new job (which
 * follows the remote task when its id is known, else sends again under the same message id), or
 * fails once it had MAX_TASK_ATTEMPTS. On the embedded database (`exclusive`) every owned task of
 * another owner is dead; on a shared Postgres a stale heartbeat says so.
 */
export async function recoverA2aTasks(db: Db, runner: JobRunner, { exclusive }: { exclusive: boolean }) {
  const now = Date.now();
  const stale = { OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now - STALE_MS) } }] };
  const dead = exclusive ? { OR: [{ owner: { not: runner.owner } }, { owner: runner.owner, ...stale }] } : stale;
  const orphans = await db.a2aOutboundTask.findMany({
    where: {
      state: { in: ["submitted", "working"] },
      OR: [{ owner: { not: null }, ...dead }, { owner: null, updatedAt: { lt: new Date(now - WAITING_TOO_LONG_MS) } }],
    },
    select: { id: true, owner: true, attempts: true },
    take: BATCH,
  });
  let recovered = 0;
  for (const task of orphans) {
    if (task.attempts >= MAX_TASK_ATTEMPTS) {
      await failTask(db, task.id, INTERRUPTED, { owner: task.owner ?? undefined });
      recovered++;
      continue;
    }
    const released = await db.a2aOutboundTask.updateMany({ where: { id: task.id, owner: task.owner, state: { in: ["submitted", "working"] } }, data: { owner: null, heartbeatAt: null } });
    if (released.count !== 1) continue;
    recovered++;
    await runner.enqueue(A2A_SEND_JOB, { task_id: task.id }, { id: randomUUID() });
  }
  return recovered;
}

export function logRecoveryError(error: unknown) {
  log.error("a2a task recovery failed", { err: error });
}
