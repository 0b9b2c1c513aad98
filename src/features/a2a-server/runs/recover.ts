import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import type { JobRunner } from "@/server/jobs";
import { log } from "@/server/log";
import { publishTaskEvent } from "../service/events";
import { statusEvent } from "../service/wire";
import { TASK_HEARTBEAT_MS } from "./execute";
import { A2A_TASK_JOB } from "./job-names";

/** A working task whose heartbeat is this old lost its process. */
const STALE_MS = 6 * TASK_HEARTBEAT_MS;
/** A task still submitted this long lost its job (the runner forgot it): it is queued again. */
const WAITING_TOO_LONG_MS = 2 * 60_000;
/** Tries in all: an interrupted task runs once more, then fails. */
export const MAX_TASK_ATTEMPTS = 2;
const BATCH = 100;
export const INTERRUPTED = "The task was interrupted twice: the server running it stopped";

/**
 * Continues what a dead process left: a task it was working on goes back to `submitted` with a new
 * job (one more try; the agent answers again from the start, and the stream's next answer chunk
 * replaces the partial one), or fails once it had MAX_TASK_ATTEMPTS. On the embedded database
 * (`exclusive`) every working task of another owner is dead; on a shared Postgres a stale heartbeat
 * says so. Never leaves a task `working` without a live process.
 */
export async function recoverA2aTasks(db: Db, runner: JobRunner, { exclusive }: { exclusive: boolean }) {
  const now = Date.now();
  const stale = { OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now - STALE_MS) } }] };
  const dead = exclusive ? { OR: [{ owner: { not: runner.owner } }, { owner: runner.owner, ...stale }] } : stale;
  const orphans = await db.a2aTask.findMany({
    where: { OR: [{ state: "working", ...dead }, { state: "submitted", owner: null, updatedAt: { lt: new Date(now - WAITING_TOO_LONG_MS) } }] },
    select: { id: true, state: true, owner: true, attempts: true },
    take: BATCH,
  });
  let recovered = 0;
  for (const task of orphans) {
    const again = task.attempts < MAX_TASK_ATTEMPTS;
    const jobId = randomUUID();
    const released = await db.a2aTask.updateMany({
      where: { id: task.id, state: task.state, owner: task.owner },
      data: again
        ? { state: "submitted", owner: null, heartbeatAt: null, jobId, statusAt: new Date() }
        : { state: "failed", owner: null, heartbeatAt: null, error: INTERRUPTED, statusAt: new Date() },
    });
    if (released.count !== 1) continue;
    recovered++;
    const row = await db.a2aTask.findUniqueOrThrow({ where: { id: task.id } });
    await publishTaskEvent(task.id, statusEvent(row), { last: !again });
    if (again) await runner.enqueue(A2A_TASK_JOB, { task_id: task.id }, { id: jobId });
  }
  return recovered;
}

export function logRecoveryError(error: unknown) {
  log.error("A2A task recovery failed", { err: error });
}
