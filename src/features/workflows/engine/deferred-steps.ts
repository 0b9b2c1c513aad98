import "server-only";
import type { NodeType } from "../definition";
import type { RunEnv } from "./run-env";

/**
 * Nodes with no effect outside the run: they only compute from the run's input and earlier outputs.
 * Running one twice gives the same result and touches nothing, so its step is not written `running`
 * before it runs: the finished row waits in the run (`env.deferred`) and is written with the next
 * write that must happen anyway: before an effectful step starts, when the run parks, pauses or ends
 * (the run's last update and these rows are one statement). A crash before that loses only the
 * computation, which the resumed run repeats. Effectful nodes (http, llm, agent, tool, code, delay,
 * approval, sub-workflow, loop, parallel) keep the write before and after.
 */
export const DEFERRED_NODE_TYPES: ReadonlySet<NodeType> = new Set<NodeType>(["start", "webhook_trigger", "schedule_trigger", "end", "condition", "switch", "merge", "transform"]);

/** A finished step of a deferred node, as its row will be written. */
export interface DeferredStep {
  id: string;
  node_id: string;
  node_type: string;
  status: string;
  input: unknown;
  attempts: number;
  logs: unknown[];
  error: string | null;
  handle: string | null;
  output: unknown;
  started_at: string;
  finished_at: string | null;
}

/**
 * The SQL that inserts a run's deferred steps from one JSON parameter (jsonb_to_recordset), only
 * while the run is still this process's and running (a cancel wins): used alone, and inside the
 * run's final update (executor.ts).
 */
export const DEFERRED_COLUMNS = `id uuid, node_id text, node_type text, status text, input jsonb, attempts int, logs jsonb, error text, handle text, output jsonb, started_at timestamptz, finished_at timestamptz`;
export const DEFERRED_UPSERT = `
  INSERT INTO workflow_steps (id, run_id, node_id, node_type, status, input, attempts, logs, error, handle, output, started_at, finished_at)
  SELECT d.id, $1::uuid, d.node_id, d.node_type, d.status, d.input, d.attempts, d.logs, d.error, d.handle, d.output, d.started_at, d.finished_at
  FROM jsonb_to_recordset($3::jsonb) AS d(${DEFERRED_COLUMNS})
  WHERE EXISTS (SELECT 1 FROM workflow_runs r WHERE r.id = $1::uuid AND r.status = 'running' AND r.owner = $2)
  ON CONFLICT (run_id, node_id) DO UPDATE SET status = EXCLUDED.status, input = EXCLUDED.input, attempts = EXCLUDED.attempts, logs = EXCLUDED.logs,
    error = EXCLUDED.error, handle = EXCLUDED.handle, output = EXCLUDED.output, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at`;

/** Takes the run's deferred steps (they are written by whoever called this). */
export function takeDeferred(env: RunEnv): DeferredStep[] {
  return env.deferred.splice(0, env.deferred.length);
}

/** Writes the run's deferred steps now (before an effectful step, when the run parks or pauses). */
export async function flushDeferred(env: RunEnv): Promise<void> {
  const rows = takeDeferred(env);
  if (!rows.length) return;
  await env.db.$executeRawUnsafe(DEFERRED_UPSERT, env.runId, env.owner, JSON.stringify(rows));
}
