import "server-only";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { getEventBus } from "@/server/events";
import { phase } from "@/server/perf/phases";
import type { JobRunner } from "@/server/jobs";
import { RunEvents } from "./events";
import { RUN_KINDS } from "./kinds";
import { AGENT_RUN_JOB, takePrepared } from "./start";
import { errorEvent, finishRun, loadRun, type RunRow } from "./store";
import { RESUME_RUN_JOB, waitForApproval } from "./waiting";

/** How often a running run tells the database it is alive (a stale heartbeat means its process died). */
export const RUN_HEARTBEAT_MS = 10_000;

/** Agent runs are not repeated: a run interrupted half-way has streamed and stored half a reply. */
export function registerAgentRuns(runner: JobRunner) {
  if (runner.isRegistered(AGENT_RUN_JOB)) return;
  runner.register<{ runId: string }>(AGENT_RUN_JOB, (payload, job) => executeRun(payload.runId, runner.owner, job.signal), { concurrency: 100, maxAttempts: 1 });
  // A decided approval continues the run that waited on it (same run, same event stream).
  runner.register<{ run_id: string }>(RESUME_RUN_JOB, (payload, job) => executeRun(payload.run_id, runner.owner, job.signal, "waiting"), { concurrency: 100, maxAttempts: 1 });
}

/**
 * Executes one run: claims it (queued → running; a run already claimed, finished or cancelled is
 * left alone), streams its events to the bus, stores how it ended, then publishes the last event.
 * The row is written before the last event, so whoever waits for that event can read the result.
 * A run prepared in this process starts its model call while the claim is written (its events wait
 * for the claim), so the first token does not wait for the bookkeeping. A write-behind run (see
 * startRun) is not claimed: its row is written as running, after its first event; if that write
 * fails the run is aborted and ends with an error event.
 */
export async function executeRun(runId: string, owner: string, signal: AbortSignal, from: "queued" | "waiting" = "queued") {
  const db = getDb();
  const local = from === "queued" ? takePrepared(runId) : undefined;
  const now = new Date();
  const claim: Promise<boolean> = local?.stored
    ? local.stored.then(
        () => true,
        () => false,
      )
    : db.agentRun
        .updateMany({ where: { id: runId, status: from }, data: { status: "running", owner, heartbeatAt: now, ...(from === "queued" ? { startedAt: now } : {}) } })
        .then((result) => result.count === 1);
  if (!local && !(await claim)) return;
  const run: Pick<RunRow, "kind" | "sessionId" | "input"> | null = local ?? (await loadRun(db, runId));
  if (!run?.sessionId) return;
  const aborted = new AbortController();
  signal.addEventListener("abort", () => aborted.abort(), { once: true });
  void claim.then((claimed) => claimed || aborted.abort(), () => aborted.abort());
  const events = new RunEvents(getEventBus(), runId, local?.stored ? undefined : claim, local?.firstEventOut);
  // Ends a run that is not ours to record: cancelled before it started (whoever ended it published
  // its last event), or a write-behind run whose rows could not be stored.
  const notOurs = async () => {
    if (local?.stored) await events.end("error", errorEvent(run.kind, "The run could not be stored; try again"));
  };
  const heartbeat = setInterval(() => {
    void db.agentRun.updateMany({ where: { id: runId, status: "running" }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, RUN_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const kind = RUN_KINDS[run.kind];
    const ctx = { db, viewer: run.input.viewer, stored: local?.stored };
    const prepared = local ? local.prepared : await kind.rebuild(ctx, run.input);
    phase("executing");
    const outcome = await kind.execute(ctx, run.sessionId, prepared, events.emit, aborted.signal);
    if (!(await claim)) return await notOurs();
    if (outcome.status === "waiting") {
      await waitForApproval(db, runId, run.kind, ctx.viewer, run.input, outcome.wait, events);
      return;
    }
    await finishRun(db, runId, outcome.status, { error: outcome.error, result: outcome.result });
    await events.end(outcome.terminal.type, outcome.terminal.data);
  } catch (error) {
    if (!(await claim.catch(() => false))) return await notOurs();
    const message = error instanceof AppError ? error.message : "The run failed on our side";
    if (!(error instanceof AppError)) console.error(`[runs] run ${runId} failed`, error);
    await finishRun(db, runId, signal.aborted ? "cancelled" : "failed", { error: message }).catch(() => {});
    await events.end("error", errorEvent(run.kind, message));
  } finally {
    clearInterval(heartbeat);
  }
}
