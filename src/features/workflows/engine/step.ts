import "server-only";
import { randomUUID } from "node:crypto";
import { nodeConfigs, type WorkflowNode } from "../definition";
import { executorFor } from "../nodes";
import { NodeError, type ExpressionScope, type NodeContext, type NodeResult } from "../nodes/types";
import { controlExecutorFor } from "./control-nodes";
import { DEFERRED_NODE_TYPES, flushDeferred } from "./deferred-steps";
import type { RunEnv } from "./run-env";
import { incomingOutputs, type NodeState } from "./scheduler";

/** A node's time per attempt unless it sets `timeout_ms`. */
export const DEFAULT_TIMEOUT_MS = 60_000;
const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 5_000;
/** A step keeps its last 200 log lines. */
const MAX_LOGS = 200;
/** A step's output is at most 1 MiB of JSON (it is stored, and later nodes read it). */
const MAX_OUTPUT_BYTES = 1024 * 1024;
/** The input shown on a step is cut at 64 KiB (it is a summary; the outputs it came from are stored on their steps). */
const MAX_INPUT_BYTES = 64 * 1024;
/** A step whose process died under it this many times more than its retries allow is failed, not run again. */
const MAX_INTERRUPTIONS = 3;

export type StepOutcome =
  | { status: "succeeded" | "failed" | "waiting" | "cancelled"; error?: string | null }
  /** The run was cancelled or its job stopped: the step's row is left for whoever resumes the run. */
  | { status: "interrupted" };

const backoff = (retry: number) => Math.min(BACKOFF_BASE_MS * 2 ** retry, BACKOFF_MAX_MS);

/** A value as JSON text, or a note of its size when it is longer than `max`. */
function inputSummary(value: unknown, max = MAX_INPUT_BYTES): string {
  const text = JSON.stringify(value ?? null) ?? "null";
  return text.length > max ? JSON.stringify({ truncated: true, bytes: text.length }) : text;
}

export function scopeOf(env: RunEnv): ExpressionScope {
  const nodes: Record<string, { output: unknown }> = {};
  for (const [id, state] of env.states) if (state.status === "succeeded") nodes[id] = { output: state.output };
  return { input: env.input, nodes };
}

class TimeoutError extends Error {}

/** Resolves or rejects with the work, or rejects as soon as the signal aborts (a node that ignores its signal cannot hold the run). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/**
 * Runs one node of a run: its step row is written `running` first (one upsert; a step re-run after
 * a crash counts one more attempt; a side-effect-free node's row waits, see deferred-steps.ts), then the node runs with its retries (backoff 200 ms·2^n, at most
 * 5 s) and a time limit per attempt, then the row is finished in one update (output, handle, error,
 * attempts, logs, timing). Events go out without waiting. The node's state in `env.states` follows.
 */
export async function runStep(env: RunEnv, node: WorkflowNode, isEntry: boolean): Promise<StepOutcome> {
  const prior = env.states.get(node.id);
  const input = inputSummary(isEntry ? env.input : incomingOutputs(env.graph, env.states, node.id));
  const startedAt = new Date();
  // A side-effect-free node is written once, finished, with the run's next write (deferred-steps.ts);
  // any other node's row is written `running` first: one statement, not Prisma's upsert (which reads
  // first), after the deferred rows before it.
  const deferred = DEFERRED_NODE_TYPES.has(node.type);
  let row: { id: string; attempts: number };
  if (deferred) row = { id: prior?.stepId ?? randomUUID(), attempts: (prior?.attempts ?? 0) + 1 };
  else {
    await flushDeferred(env);
    [row] = await env.db.$queryRaw<{ id: string; attempts: number }[]>`
      INSERT INTO workflow_steps (id, run_id, node_id, node_type, status, input, attempts, started_at)
      VALUES (${prior?.stepId ?? randomUUID()}::uuid, ${env.runId}::uuid, ${node.id}, ${node.type}, 'running', ${input}::jsonb, 1, ${startedAt})
      ON CONFLICT (run_id, node_id) DO UPDATE SET status = 'running', input = EXCLUDED.input, attempts = workflow_steps.attempts + 1, started_at = EXCLUDED.started_at, finished_at = NULL, error = NULL
      RETURNING id::text AS id, attempts`;
  }
  const state: NodeState = { status: "running", stepId: row.id, handle: null, output: null, attempts: row.attempts };
  env.states.set(node.id, state);
  const announce = (extra: { error?: string | null; finishedAt?: Date } = {}) =>
    env.events.step({
      run_id: env.runId,
      step_id: row.id,
      node_id: node.id,
      node_type: node.type,
      status: state.status,
      attempts: state.attempts,
      handle: state.handle,
      error: extra.error ?? null,
      started_at: startedAt.toISOString(),
      finished_at: extra.finishedAt?.toISOString() ?? null,
      duration_ms: extra.finishedAt ? extra.finishedAt.getTime() - startedAt.getTime() : null,
    });
  announce();

  const logs: { at: string; level: string; message: string; data?: unknown }[] = [];
  let logged = 0;
  const log: NodeContext["log"] = (level, message, data) => {
    logs.push({ at: new Date().toISOString(), level, message: String(message).slice(0, 2000), ...(data === undefined ? {} : { data: JSON.parse(inputSummary(data, 4096)) as unknown }) });
    if (logs.length > MAX_LOGS) logs.splice(0, logs.length - MAX_LOGS);
    // The stream carries a step's first 200 lines live (a chatty loop must not flood it); the row keeps the last 200.
    if (++logged <= MAX_LOGS) env.events.log(node.id, level, String(message));
  };

  const finish = async (status: "succeeded" | "failed" | "waiting" | "cancelled", fields: { output?: unknown; handle?: string | null; error?: string | null; approvalId?: string; childRunId?: string }, attempts: number): Promise<StepOutcome> => {
    const finishedAt = new Date();
    if (deferred) {
      if (env.runSignal.aborted) return { status: "interrupted" };
      env.deferred.push({
        id: row.id, node_id: node.id, node_type: node.type, status, input: JSON.parse(input) as unknown, attempts, logs, error: fields.error ?? null,
        handle: fields.handle ?? null, output: fields.output ?? null, started_at: startedAt.toISOString(), finished_at: status === "waiting" ? null : finishedAt.toISOString(),
      });
      Object.assign(state, { status, attempts, handle: fields.handle ?? null, output: fields.output ?? null, finishedAt: finishedAt.getTime() });
      announce({ error: fields.error, finishedAt: status === "waiting" ? undefined : finishedAt });
      return { status, error: fields.error ?? null };
    }
    const output = fields.output === undefined || fields.output === null ? null : JSON.stringify(fields.output);
    const count = await env.db.$executeRaw`
      UPDATE workflow_steps SET status = ${status}, attempts = ${attempts}, logs = ${JSON.stringify(logs)}::jsonb, error = ${fields.error ?? null},
        handle = ${fields.handle ?? null}, output = ${output}::jsonb, approval_id = ${fields.approvalId ?? null}::uuid, child_run_id = ${fields.childRunId ?? null}::uuid,
        finished_at = ${status === "waiting" ? null : finishedAt}
      WHERE id = ${row.id}::uuid AND status = 'running'`;
    // Cancelled meanwhile (the cancel wrote its steps): leave it as the cancel left it.
    if (count !== 1) return { status: "interrupted" };
    Object.assign(state, { status, attempts, handle: fields.handle ?? null, output: fields.output ?? null, approvalId: fields.approvalId, childRunId: fields.childRunId, finishedAt: finishedAt.getTime() });
    announce({ error: fields.error, finishedAt: status === "waiting" ? undefined : finishedAt });
    return { status, error: fields.error ?? null };
  };

  if (row.attempts > node.retries + 1 + MAX_INTERRUPTIONS) {
    return finish("failed", { error: `The node was interrupted ${row.attempts - 1} times (its process stopped); not trying again` }, row.attempts);
  }
  const control = controlExecutorFor(node.type);
  const data = control ? undefined : executorFor(node.type);
  const parsed = nodeConfigs[node.type].safeParse(node.config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return finish("failed", { error: `Invalid ${node.type} config: ${issue.path.map(String).join(".") || "config"}: ${issue.message}` }, row.attempts);
  }
  if (!control && !data) return finish("failed", { error: `No executor for ${node.type} nodes` }, row.attempts);

  const timeoutMs = node.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  for (let tries = 1; ; tries++) {
    const attempts = row.attempts + tries - 1;
    const attempt = new AbortController();
    const onStop = () => attempt.abort(env.runSignal.reason ?? env.failSignal.reason);
    env.runSignal.addEventListener("abort", onStop, { once: true });
    env.failSignal.addEventListener("abort", onStop, { once: true });
    const timer = setTimeout(() => attempt.abort(new TimeoutError(`Timed out after ${timeoutMs} ms`)), timeoutMs);
    const ctx: NodeContext = { db: env.db, userId: env.userId, runId: env.runId, stepId: row.id, nodeId: node.id, signal: attempt.signal, scope: scopeOf(env), log };
    try {
      if (env.runSignal.aborted || env.failSignal.aborted) onStop();
      const work: Promise<NodeResult> = control ? control(parsed.data as never, ctx, env, node) : data!(parsed.data as never, ctx);
      work.catch(() => {});
      const result = await untilAborted(work, attempt.signal);
      if ("wait" in result) {
        const waitOutput = result.wait.untilMs ? { wake_at: new Date(result.wait.untilMs).toISOString() } : undefined;
        return await finish("waiting", { output: waitOutput, approvalId: result.wait.approvalId, childRunId: result.wait.childRunId }, attempts);
      }
      const size = (JSON.stringify(result.output ?? null) ?? "").length;
      if (size > MAX_OUTPUT_BYTES) return await finish("failed", { error: `The output is too large (${size} bytes of JSON, at most ${MAX_OUTPUT_BYTES})` }, attempts);
      return await finish("succeeded", { output: result.output ?? null, handle: result.handle ?? "out" }, attempts);
    } catch (error) {
      if (env.runSignal.aborted) return { status: "interrupted" };
      if (env.failSignal.aborted) return finish("cancelled", { error: "Stopped: another branch failed" }, attempts);
      const timedOut = attempt.signal.aborted && attempt.signal.reason instanceof TimeoutError;
      const message = timedOut ? (attempt.signal.reason as Error).message : messageOf(error);
      const retryable = timedOut || !(error instanceof NodeError && !error.retryable);
      if (!retryable || tries > node.retries) return finish("failed", { error: message }, attempts);
      const wait = backoff(tries - 1);
      log("warn", `Attempt ${tries} failed: ${message}; retrying in ${wait} ms`);
      try {
        await untilAborted(new Promise((resolve) => setTimeout(resolve, wait)), AbortSignal.any([env.runSignal, env.failSignal]));
      } catch {
        if (env.runSignal.aborted) return { status: "interrupted" };
        return finish("cancelled", { error: "Stopped: another branch failed" }, attempts);
      }
    } finally {
      clearTimeout(timer);
      env.runSignal.removeEventListener("abort", onStop);
      env.failSignal.removeEventListener("abort", onStop);
    }
  }
}
