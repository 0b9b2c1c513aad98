import "server-only";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { getEventBus, type BusEvent } from "@/server/events";
import { getJobRunner } from "@/server/jobs";
import { isTerminalEvent, RunEvents, runStream } from "./events";
import { untilStored, type RunHandle } from "./start";
import { errorEvent, type RunKind, type RunStatus } from "./store";

const toDto = (run: { id: string; kind: string; status: string; sessionId: string | null; continueOnDisconnect: boolean; error: string | null; createdAt: Date; startedAt: Date | null; finishedAt: Date | null }) => ({
  id: run.id,
  kind: run.kind as RunKind,
  status: run.status as RunStatus,
  session_id: run.sessionId,
  continue_on_disconnect: run.continueOnDisconnect,
  error: run.error,
  created_at: run.createdAt.toISOString(),
  started_at: run.startedAt?.toISOString() ?? null,
  finished_at: run.finishedAt?.toISOString() ?? null,
});

/** The viewer's run, else 404 (someone else's run looks exactly like a missing one). */
export async function ownRun({ db, viewer }: AuthedContext, runId: string) {
  await untilStored(runId, viewer.userId);
  const run = await db.agentRun.findFirst({ where: { id: runId, userId: viewer.userId } });
  if (!run) throw notFound("Run");
  return run;
}

/** GET /agent-runs/{run_id}. */
export async function getRun(ctx: AuthedContext, runId: string) {
  return toDto(await ownRun(ctx, runId));
}

/** POST /agent-runs/{run_id}/cancel: a finished run stays as it ended. */
export async function cancelRun(ctx: AuthedContext, runId: string) {
  const run = await ownRun(ctx, runId);
  if (run.status === "queued" || run.status === "running" || run.status === "waiting") await stopRun(ctx.db, run.id, run.kind as RunKind);
  return toDto(await ownRun(ctx, runId));
}

/**
 * Cancels a run: a running one is aborted where it runs (in this process at once; in another one
 * within the pg-boss runner's check interval), and it ends itself with an `error` event. One that
 * has not started yet is ended here, so it never starts.
 */
export async function stopRun(db: Db, runId: string, kind: RunKind) {
  const runner = getJobRunner();
  await runner.cancel(runId);
  // A run continued after an approval runs as the job named after that approval.
  const approvals = await db.approval.findMany({ where: { runId }, select: { id: true } });
  for (const { id } of approvals) await runner.cancel(id);
  const ended = await db.agentRun.updateMany({ where: { id: runId, status: { in: ["queued", "waiting"] } }, data: { status: "cancelled", error: "The run was cancelled", finishedAt: new Date() } });
  if (ended.count === 1) await new RunEvents(getEventBus(), runId).end("error", errorEvent(kind, "The run was cancelled"));
}

/**
 * A client went away: the run is cancelled unless it continues on disconnect. Read from the row, not
 * from when the stream opened: a run that waited for an approval continues from then on (the person
 * decides elsewhere, perhaps after closing the chat).
 */
export async function stopRunOnDisconnect(db: Db, runId: string, kind: RunKind) {
  const run = await db.agentRun.findUnique({ where: { id: runId }, select: { status: true, continueOnDisconnect: true } });
  if (!run || run.continueOnDisconnect || run.status === "waiting") return;
  await stopRun(db, runId, kind);
}

/** Resolves with the last event of a run's stream (replaying what was already published). */
export function lastEventOf(runId: string, signal: AbortSignal): Promise<BusEvent | null> {
  return new Promise((resolve) => {
    const done = new AbortController();
    const finish = (event: BusEvent | null) => {
      done.abort();
      resolve(event);
    };
    signal.addEventListener("abort", () => finish(null), { once: true });
    getEventBus().subscribe(runStream(runId), "0-0", (event) => isTerminalEvent(event) && finish(event), done.signal);
  });
}

/**
 * Waits for a run's answer: the stored result once `done` arrives; a failed or cancelled run is a
 * 503 with its message. When `signal` aborts (the client went away) the run is cancelled unless it
 * was asked to continue.
 */
export async function runAnswer<T>(ctx: AuthedContext, handle: RunHandle, kind: RunKind, signal: AbortSignal): Promise<T> {
  const last = await lastEventOf(handle.runId, signal);
  if (!last) {
    if (!handle.continueOnDisconnect) await stopRunOnDisconnect(ctx.db, handle.runId, kind);
    throw new AppError("SERVICE_UNAVAILABLE", "The client went away");
  }
  if (last.type === "error") throw new AppError("SERVICE_UNAVAILABLE", (last.data as { message: string }).message);
  const run = await ctx.db.agentRun.findUniqueOrThrow({ where: { id: handle.runId }, select: { result: true } });
  return run.result as T;
}
