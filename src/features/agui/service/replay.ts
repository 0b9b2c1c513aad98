import "server-only";
import type { Db } from "@/server/db/client";
import { cursorBefore } from "./stream";

/**
 * Where to read a run's events from when the client sent no Last-Event-ID, so that a long thread is
 * not replayed from its start for each run: just before the run's own RUN_STARTED once known; else
 * just before the RUN_STARTED of the latest earlier run that has one (a run is accepted only when
 * none is queued or running, so every earlier run had started, and published that event, before this
 * one existed); else the start of what the stream keeps. The delivery still keeps only this run's
 * events, so an earlier cursor costs time, never correctness.
 */
export async function replayFrom(db: Db, threadId: string, taskId: string): Promise<string> {
  const run = await db.aguiRun.findUnique({ where: { id: taskId }, select: { createdAt: true, startEventId: true } });
  if (!run) return "0-0";
  if (run.startEventId) return cursorBefore(run.startEventId);
  const earlier = await db.aguiRun.findFirst({
    where: { threadId, id: { not: taskId }, createdAt: { lt: run.createdAt }, startEventId: { not: null } },
    orderBy: { createdAt: "desc" },
    select: { startEventId: true },
  });
  return earlier?.startEventId ? cursorBefore(earlier.startEventId) : "0-0";
}
