import "server-only";
import { randomUUID } from "node:crypto";
import type { WorkflowNode } from "../definition";
import type { RunEnv } from "./run-env";
import { nextMoves } from "./scheduler";
import { runStep } from "./step";
import { resolveWaitingStep, wakeAtOf } from "./waits";

export type LoopEnd =
  /** Every node ran or was skipped. */
  | { end: "finished" }
  | { end: "failed"; error: string }
  /** Paused: nothing new started, what ran has finished. */
  | { end: "paused" }
  /** Only waiting steps are left (an approval, a child run, a long delay). */
  | { end: "waiting" }
  /** Cancelled or the job stopped: the rows are as the cancel (or the crash) left them. */
  | { end: "aborted" };

export interface LoopControl {
  paused(): boolean;
  /** Resolves the next time someone calls the env's wake (or at once if they did since the last call). */
  woken(): Promise<void>;
  /** Called with a waiting step's wake time so the run is woken then. */
  scheduleWake(stepId: string, atMs: number): void;
}

const label = (node: WorkflowNode) => (node.name ? `${node.name} (${node.id})` : node.id);

/**
 * Walks a run's graph from the states its steps stored: starts every ready node at once (parallel
 * branches overlap), writes skipped nodes as they become certain, re-reads waiting steps when woken,
 * and stops when nothing is left to do. The first failed node stops the others (recorded cancelled)
 * and fails the loop.
 */
export async function walkRun(env: RunEnv, entryId: string, control: LoopControl): Promise<LoopEnd> {
  const inFlight = new Map<string, Promise<void>>();
  let failure: string | null = null;
  let checkWaits = true;
  const fail = (message: string) => {
    if (failure) return;
    failure = message;
    env.failBranches();
  };

  // A step that failed while the run was parked (its sub-workflow failed) fails the run.
  for (const [nodeId, state] of env.states) if (state.status === "failed") fail(`${label(env.graph.nodes.get(nodeId) ?? { id: nodeId, name: "" } as WorkflowNode)}: ${state.error ?? "failed"}`);

  while (true) {
    if (env.runSignal.aborted) break;
    if (checkWaits) {
      checkWaits = false;
      const waits = await refreshWaits(env, control);
      if (waits.failure) fail(waits.failure);
    }
    if (!control.paused() && !failure) {
      const { ready, skip } = nextMoves(env.graph, env.states, entryId);
      if (skip.length) {
        await writeSkips(env, skip);
        continue;
      }
      for (const nodeId of ready) {
        if (inFlight.has(nodeId)) continue;
        const node = env.graph.nodes.get(nodeId)!;
        const step = runStep(env, node, nodeId === entryId).then(
          (outcome) => {
            if (outcome.status === "failed") fail(`${label(node)}: ${outcome.error ?? "failed"}`);
            if (outcome.status === "waiting") {
              const wakeAt = wakeAtOf({ output: env.states.get(nodeId)?.output ?? null });
              if (wakeAt !== null) control.scheduleWake(env.states.get(nodeId)!.stepId, wakeAt);
            }
          },
          (error: unknown) => {
            console.error(`[workflows] run ${env.runId}: node ${nodeId} broke the engine`, error);
            fail(`${label(node)}: the step could not be recorded`);
          },
        );
        inFlight.set(
          nodeId,
          step.finally(() => inFlight.delete(nodeId)),
        );
      }
    }
    if (inFlight.size === 0) {
      if (env.runSignal.aborted) break;
      if (failure) return { end: "failed", error: failure };
      if (control.paused()) return { end: "paused" };
      const waiting = [...env.states.values()].some((s) => s.status === "waiting");
      if (!waiting) return { end: "finished" };
      const waits = await refreshWaits(env, control);
      if (waits.failure) fail(waits.failure);
      if (waits.changed) continue;
      return { end: "waiting" };
    }
    const woke = control.woken().then(() => "woke" as const);
    if ((await Promise.race([...inFlight.values(), woke])) === "woke") checkWaits = true;
  }
  await Promise.allSettled([...inFlight.values()]);
  return { end: "aborted" };
}

/**
 * Brings the waiting steps up to date: a step someone else resolved (the decision's job) is read
 * back, one that can be resolved now is. True when any step stopped waiting.
 */
export async function refreshWaits(env: RunEnv, control: LoopControl): Promise<{ changed: boolean; failure?: string }> {
  const waitingIds = [...env.states.entries()].filter(([, s]) => s.status === "waiting").map(([id]) => id);
  if (!waitingIds.length) return { changed: false };
  const rows = await env.db.workflowStep.findMany({ where: { runId: env.runId, nodeId: { in: waitingIds } } });
  let changed = false;
  let failure: string | undefined;
  for (const row of rows) {
    const state = env.states.get(row.nodeId)!;
    if (row.status === "waiting") {
      const resolved = await resolveWaitingStep(env.db, row, env.events);
      if (!resolved) {
        const wakeAt = wakeAtOf(row);
        if (wakeAt !== null) control.scheduleWake(row.id, wakeAt);
        continue;
      }
      Object.assign(state, { status: resolved.status, output: resolved.output, handle: resolved.handle, finishedAt: Date.now() });
      if (resolved.status === "failed") failure ??= `${row.nodeId}: ${resolved.error ?? "failed"}`;
    } else {
      Object.assign(state, { status: row.status, output: row.output, handle: row.handle, finishedAt: row.finishedAt?.getTime() });
      if (row.status === "failed") failure ??= `${row.nodeId}: ${row.error ?? "failed"}`;
    }
    changed = true;
  }
  return { changed, failure };
}

async function writeSkips(env: RunEnv, nodeIds: string[]) {
  const now = new Date();
  const rows = nodeIds.map((nodeId) => ({ id: env.states.get(nodeId)?.stepId ?? randomUUID(), runId: env.runId, nodeId, nodeType: env.graph.nodes.get(nodeId)!.type, status: "skipped", startedAt: now, finishedAt: now }));
  await env.db.workflowStep.createMany({ data: rows, skipDuplicates: true });
  // A row left `pending` (or cancelled) by an earlier attempt keeps its id: make it skipped too.
  const existing = nodeIds.filter((id) => env.states.has(id));
  if (existing.length) await env.db.workflowStep.updateMany({ where: { runId: env.runId, nodeId: { in: existing } }, data: { status: "skipped", finishedAt: now } });
  for (const row of rows) {
    env.states.set(row.nodeId, { status: "skipped", stepId: row.id, handle: null, output: null, attempts: 0, finishedAt: now.getTime() });
    env.events.step({ run_id: env.runId, step_id: row.id, node_id: row.nodeId, node_type: row.nodeType, status: "skipped", attempts: 0 });
  }
}
