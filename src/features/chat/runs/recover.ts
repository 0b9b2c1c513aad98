import "server-only";
import type { Db } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { RunEvents } from "./events";
import { RUN_HEARTBEAT_MS } from "./executor";
import { errorEvent, type RunKind } from "./store";

/** A running run whose heartbeat is this old lost its process. */
const STALE_MS = 3 * RUN_HEARTBEAT_MS;
/** A run still queued after this long lost its job. */
const QUEUED_TOO_LONG_MS = 10 * 60_000;
export const INTERRUPTED = "The run was interrupted: the server running it stopped";

/**
 * Ends the runs a dead process left behind, each with `failed` and an `error` event, so no run stays
 * "running" and every stream gets its last event. Not resumed: an interrupted run has already
 * streamed (and stored) part of its answer. With `exclusive` (the embedded database has one process)
 * every running run of another owner is dead at once; on a shared Postgres a stale heartbeat says so.
 */
export async function recoverInterruptedRuns(db: Db, { owner, exclusive }: { owner: string; exclusive: boolean }) {
  const now = Date.now();
  const candidates = await db.agentRun.findMany({
    where: {
      OR: [
        exclusive
          ? { status: "running", OR: [{ owner: null }, { owner: { not: owner } }] }
          : { status: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now - STALE_MS) } }] },
        { status: "queued", createdAt: { lt: new Date(now - QUEUED_TOO_LONG_MS) } },
      ],
    },
    select: { id: true, kind: true, status: true },
  });
  for (const run of candidates) {
    const ended = await db.agentRun.updateMany({ where: { id: run.id, status: run.status }, data: { status: "failed", error: INTERRUPTED, finishedAt: new Date() } });
    if (ended.count === 1) await new RunEvents(getEventBus(), run.id).end("error", errorEvent(run.kind as RunKind, INTERRUPTED));
  }
  return candidates.length;
}
