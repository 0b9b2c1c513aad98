import "server-only";
import { EventType } from "@ag-ui/core";
import type { Db } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { AGUI_HEARTBEAT_MS } from "./execute";
import { RunPublisher } from "./stream";

/** A running run whose heartbeat is this old lost its process. */
const STALE_MS = 3 * AGUI_HEARTBEAT_MS;
/** A run still queued after this long lost its job. */
const QUEUED_TOO_LONG_MS = 10 * 60_000;
export const AGUI_INTERRUPTED = "The run was interrupted: the server running it stopped";

/**
 * Ends the runs a dead process left behind: `failed`, and RUN_ERROR on the thread's stream so a
 * listening client (or one reconnecting with Last-Event-ID) sees the run end. Not resumed: it has
 * streamed part of its answer already. A run that never started gets its RUN_STARTED first (the client
 * rejects a stream that does not begin with it). With `exclusive` (the embedded database has one
 * process) every running run of another owner is dead at once; on a shared Postgres a stale
 * heartbeat says so. The thread can go on: its next run is an ordinary one.
 */
export async function recoverAguiRuns(db: Db, { owner, exclusive }: { owner: string; exclusive: boolean }) {
  const now = Date.now();
  const candidates = await db.aguiRun.findMany({
    where: {
      OR: [
        exclusive
          ? { status: "running", OR: [{ owner: null }, { owner: { not: owner } }] }
          : { status: "running", OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now - STALE_MS) } }] },
        { status: "queued", createdAt: { lt: new Date(now - QUEUED_TOO_LONG_MS) } },
      ],
    },
    select: { id: true, status: true, threadId: true, runId: true },
  });
  for (const run of candidates) {
    const ended = await db.aguiRun.updateMany({ where: { id: run.id, status: run.status }, data: { status: "failed", error: AGUI_INTERRUPTED, finishedAt: new Date() } });
    if (ended.count !== 1) continue;
    const events = new RunPublisher(getEventBus(), run.threadId, run.id);
    if (run.status === "queued") void events.emit({ type: EventType.RUN_STARTED, threadId: run.threadId, runId: run.runId });
    await events.end({ type: EventType.RUN_ERROR, message: AGUI_INTERRUPTED, code: "INTERRUPTED" });
  }
  return candidates.length;
}
