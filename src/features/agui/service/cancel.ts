import "server-only";
import { EventType } from "@ag-ui/core";
import type { Db } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { getJobRunner } from "@/server/jobs";
import { RunPublisher } from "./stream";

/**
 * Cancels a run whose single-request client went away. A run still queued (its job not claimed yet,
 * which on pg-boss may be a while) is ended here, with RUN_STARTED and a cancelled RUN_FINISHED, so
 * the thread is free for its next run; a running one is aborted through its job and ends itself.
 */
export async function cancelRun(db: Db, taskId: string) {
  const run = await db.aguiRun.findUnique({ where: { id: taskId }, select: { threadId: true, runId: true } });
  if (!run) return;
  const ended = await db.aguiRun.updateMany({ where: { id: taskId, status: "queued" }, data: { status: "cancelled", finishedAt: new Date() } });
  if (ended.count === 1) {
    const events = new RunPublisher(getEventBus(), run.threadId, taskId);
    void events.emit({ type: EventType.RUN_STARTED, threadId: run.threadId, runId: run.runId });
    await events.end({ type: EventType.RUN_FINISHED, threadId: run.threadId, runId: run.runId, outcome: { type: "cancelled" } });
  }
  await getJobRunner().cancel(taskId);
}
