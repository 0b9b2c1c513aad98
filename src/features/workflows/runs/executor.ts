import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/server/db";
import type { Db } from "@/server/db/client";
import { runOutput } from "../engine/control-nodes";
import { compileGraph, entryNode, type Graph } from "../engine/graph";
import { localRuns } from "../engine/local-runs";
import type { RunEnv } from "../engine/run-env";
import { walkRun, type LoopControl } from "../engine/run-loop";
import { DEFERRED_UPSERT, flushDeferred, takeDeferred, type DeferredStep } from "../engine/deferred-steps";
import type { States } from "../engine/scheduler";
import { resolveWaitingStep } from "../engine/waits";
import { RunPublisher } from "./events";
import { WORKFLOW_RESUME_JOB } from "./job-names";
import type { StepStatus } from "./schemas";
import { pinnedDefinition } from "./versions";

/** How often a running run tells the database it is alive, and learns whether it was cancelled or paused elsewhere. */
export const RUN_HEARTBEAT_MS = 2_000;

interface ClaimedRun {
  workflow_id: string;
  version: number;
  user_id: string;
  trigger: string;
  input: unknown;
  parent_run_id: string | null;
  parent_step_id: string | null;
  /** Never started and not a re-run: it has no steps yet (nothing to read back). */
  fresh: boolean;
}

/**
 * Takes a run (one of `from` → running, owned by this process): one statement; null when it is not
 * in one of those states, or when a process still holds it (a paused run resumed while its last
 * nodes finish: that process lets go and enqueues it again, see leavePaused).
 */
async function claim(db: Db, runId: string, from: string[], owner: string): Promise<ClaimedRun | null> {
  const rows = await db.$queryRaw<ClaimedRun[]>`
    UPDATE workflow_runs SET status = 'running', owner = ${owner}, heartbeat_at = now(), started_at = COALESCE(started_at, now())
    WHERE id = ${runId}::uuid AND status = ANY(${from}::text[]) AND owner IS NULL
    RETURNING workflow_id::text, version, user_id::text, trigger, input, parent_run_id::text, parent_step_id::text,
      -- A subquery here reads the row as it was before this update.
      (SELECT r.started_at IS NULL AND r.rerun_of_id IS NULL FROM workflow_runs r WHERE r.id = ${runId}::uuid) AS fresh`;
  return rows[0] ?? null;
}

/** Enqueues the job that continues a run (fresh job id: a run is continued many times). */
export async function enqueueResume(runId: string, stepId?: string) {
  const { runnerForWorkflows } = await import("./service");
  const runner = await runnerForWorkflows();
  await runner.enqueue(WORKFLOW_RESUME_JOB, { run_id: runId, ...(stepId ? { step_id: stepId } : {}) }, { id: randomUUID() });
}

/** Wake timers of long delays waiting in this process, by step (the recovery sweep covers a process that died). */
const globalForWakes = globalThis as unknown as { atriumWorkflowWakes?: Map<string, NodeJS.Timeout> };
const wakeTimers = (globalForWakes.atriumWorkflowWakes ??= new Map<string, NodeJS.Timeout>());

function scheduleWake(runId: string, stepId: string, atMs: number) {
  if (wakeTimers.has(stepId)) return;
  // setTimeout holds at most ~24.8 days; the sweep wakes anything later.
  const timer = setTimeout(() => {
    wakeTimers.delete(stepId);
    const local = localRuns.get(runId);
    if (local) local.wake();
    else void enqueueResume(runId, stepId).catch((error: unknown) => console.error(`[workflows] could not wake run ${runId}`, error));
  }, Math.min(Math.max(atMs - Date.now(), 0) + 5, 2 ** 31 - 1));
  timer.unref();
  wakeTimers.set(stepId, timer);
}

/**
 * Executes (or continues) a run as this process: claims it, loads its pinned version and its stored
 * steps (finished ones are never run again; one left `running` by a crash runs again), walks the
 * graph, and records how it ended. A run that only waits (approval, child run, long delay) is parked
 * `waiting` and the job ends; whatever it waits for enqueues WORKFLOW_RESUME_JOB.
 */
export async function executeWorkflowRun(runId: string, from: string[], owner: string, jobSignal: AbortSignal) {
  const db = getDb();
  const run = await claim(db, runId, from, owner);
  if (!run) return;
  const events = new RunPublisher(runId);
  events.run({ id: runId, status: "running" });
  try {
    await executeClaimed(db, runId, run, events, owner, jobSignal);
  } catch (error) {
    // Ours, not the workflow's (the database went away mid-run): the run ends failed rather than
    // staying `running` under this process.
    console.error(`[workflows] run ${runId} failed in the engine`, error);
    await finishRun(db, events, runId, owner, run, { status: "failed", error: "The run failed on our side" }).catch(() => {});
  }
}

async function executeClaimed(db: Db, runId: string, run: ClaimedRun, events: RunPublisher, owner: string, jobSignal: AbortSignal) {
  const [definition, steps] = await Promise.all([
    pinnedDefinition(db, run.workflow_id, run.version),
    run.fresh ? [] : db.workflowStep.findMany({ where: { runId }, select: { id: true, nodeId: true, status: true, handle: true, output: true, error: true, attempts: true, approvalId: true, childRunId: true, finishedAt: true } }),
  ]);
  let graph: Graph;
  try {
    graph = compileGraph(definition);
  } catch {
    return finishRun(db, events, runId, owner, run, { status: "failed", error: "The workflow version this run executes cannot be read" });
  }
  const entry = entryNode(graph, run.trigger);
  if (!entry) return finishRun(db, events, runId, owner, run, { status: "failed", error: "The workflow has no start node" });

  const states: States = new Map();
  for (const s of steps) {
    states.set(s.nodeId, { status: s.status as StepStatus, stepId: s.id, handle: s.handle, output: s.output, attempts: s.attempts, error: s.error, approvalId: s.approvalId, childRunId: s.childRunId, finishedAt: s.finishedAt?.getTime() });
  }

  const runAbort = new AbortController();
  const failAbort = new AbortController();
  const onJobStop = () => runAbort.abort(new Error("The job stopped"));
  jobSignal.addEventListener("abort", onJobStop, { once: true });
  let paused = false;
  let wakeNow: (() => void) | null = null;
  let wokenEarly = false;
  const wake = () => {
    if (wakeNow) wakeNow();
    else wokenEarly = true;
  };
  const control: LoopControl = {
    paused: () => paused,
    woken: () => {
      if (wokenEarly) {
        wokenEarly = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        wakeNow = () => {
          wakeNow = null;
          resolve();
        };
      });
    },
    scheduleWake: (stepId, atMs) => scheduleWake(runId, stepId, atMs),
  };
  localRuns.set(runId, {
    abort: (reason) => runAbort.abort(new Error(reason)),
    pause: () => {
      paused = true;
      wake();
    },
    wake,
  });

  let beating = true;
  const heartbeat = setInterval(() => {
    if (!beating) return;
    void db.workflowRun
      .updateMany({ where: { id: runId, status: "running", owner }, data: { heartbeatAt: new Date() } })
      .then(async (result) => {
        if (result.count === 1 || !beating) return;
        const now = await db.workflowRun.findUnique({ where: { id: runId }, select: { status: true } });
        if (now?.status === "paused") localRuns.get(runId)?.pause();
        // Cancelled, or taken over by another process after a missed heartbeat: stop here.
        else runAbort.abort(new Error(`The run is ${now?.status ?? "gone"}`));
      })
      .catch(() => {});
  }, RUN_HEARTBEAT_MS);
  heartbeat.unref();

  const env: RunEnv = {
    db,
    runId,
    workflowId: run.workflow_id,
    userId: run.user_id,
    input: (run.input ?? {}) as Record<string, unknown>,
    graph,
    states,
    events,
    runSignal: runAbort.signal,
    failSignal: failAbort.signal,
    failBranches: () => failAbort.abort(new Error("Another branch failed")),
    owner,
    wake,
    deferred: [],
  };

  try {
    for (;;) {
      const ended = await walkRun(env, entry.id, control);
      if (ended.end === "aborted") return;
      if (ended.end === "finished") return await finishRun(db, events, runId, owner, run, { status: "succeeded", output: runOutput(env) }, takeDeferred(env));
      if (ended.end === "failed") return await finishRun(db, events, runId, owner, run, { status: "failed", error: ended.error }, takeDeferred(env));
      // Parked or paused: what ran is written before the run lets go of its row.
      await flushDeferred(env);
      beating = false;
      if (ended.end === "paused") return await leavePaused(db, events, runId, owner);
      // Only waiting steps are left: park the run, then look once more (a decision may have landed
      // between the last look and the park, and its job found the run still running).
      const parked = await db.workflowRun.updateMany({ where: { id: runId, status: "running", owner }, data: { status: "waiting", owner: null, heartbeatAt: null } });
      if (parked.count !== 1) return;
      events.run({ id: runId, status: "waiting" });
      if (!(await anyWaitResolvable(db, runId, events))) return;
      if (!(await claim(db, runId, ["waiting"], owner))) return;
      events.run({ id: runId, status: "running" });
      beating = true;
    }
  } finally {
    clearInterval(heartbeat);
    jobSignal.removeEventListener("abort", onJobStop);
    localRuns.delete(runId);
    await events.flush();
  }
}

async function anyWaitResolvable(db: Db, runId: string, events: RunPublisher) {
  const waiting = await db.workflowStep.findMany({ where: { runId, status: "waiting" } });
  let resolved = false;
  for (const step of waiting) if (await resolveWaitingStep(db, step, events)) resolved = true;
  return resolved;
}

/** A paused run lets go of its row; if it was resumed meanwhile (queued again), its job was refused while we held it: enqueue it again. */
async function leavePaused(db: Db, events: RunPublisher, runId: string, owner: string) {
  await db.workflowRun.updateMany({ where: { id: runId, owner }, data: { owner: null, heartbeatAt: null } });
  const now = await db.workflowRun.findUnique({ where: { id: runId }, select: { status: true } });
  if (now?.status === "queued") await enqueueResume(runId);
}

/**
 * Records how a run ended (only if it is still ours and running: a cancel wins) with the steps still
 * deferred, publishes the last event, and tells a parent run waiting on it (its sub-workflow step) to continue.
 */
async function finishRun(
  db: Db,
  events: RunPublisher,
  runId: string,
  owner: string,
  run: ClaimedRun,
  end: { status: "succeeded" | "failed"; output?: unknown; error?: string },
  deferred: DeferredStep[] = [],
) {
  // One statement: the run's end and its deferred steps (engine/deferred-steps.ts), both only while it is still ours and running.
  const [finished] = await db.$queryRawUnsafe<{ n: number }[]>(
    `WITH steps AS (${DEFERRED_UPSERT}),
     run AS (UPDATE workflow_runs SET status = $4, output = $5::jsonb, error = $6, finished_at = $7, owner = NULL, heartbeat_at = NULL
       WHERE id = $1::uuid AND status = 'running' AND owner = $2 RETURNING id)
     SELECT count(*)::int AS n FROM run`,
    runId,
    owner,
    JSON.stringify(deferred),
    end.status,
    JSON.stringify(end.output ?? null),
    end.error ?? null,
    new Date(),
  );
  if (finished?.n !== 1) return;
  await events.end({ id: runId, status: end.status, error: end.error ?? null, output: end.output ?? null });
  if (run.parent_run_id && run.parent_step_id) {
    await enqueueResume(run.parent_run_id, run.parent_step_id).catch((error: unknown) => console.error(`[workflows] could not resume parent run ${run.parent_run_id}`, error));
  }
}

/** WORKFLOW_RESUME_JOB: resolves the step it names (if it can), nudges the run if it runs here, and continues it. */
export async function continueWorkflowRun(payload: { run_id: string; step_id?: string }, owner: string, jobSignal: AbortSignal) {
  const db = getDb();
  if (payload.step_id) {
    const step = await db.workflowStep.findUnique({ where: { id: payload.step_id } });
    if (step && step.runId === payload.run_id) await resolveWaitingStep(db, step, new RunPublisher(payload.run_id));
  }
  localRuns.get(payload.run_id)?.wake();
  await executeWorkflowRun(payload.run_id, ["waiting", "queued"], owner, jobSignal);
}
