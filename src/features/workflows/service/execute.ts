import "server-only";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { requirePermission } from "@/features/permissions/service/check";
import { accessibleWorkflow } from "./access";
import { toExecution } from "./dto";
import { startWorkflowRun, type StartedRun } from "./engine-link";

/** The longest a request waits for a run (`wait=true`); after it, the run goes on and the answer is 202 with its status. */
export const MAX_WAIT_MS = 30_000;
const POLL_MS = 150;
const FINISHED = new Set(["succeeded", "failed", "cancelled"]);
export const isFinished = (status: string) => FINISHED.has(status);

export type Trigger = "manual" | "webhook" | "schedule" | "batch" | "node_test";

/**
 * Starts a run for the viewer (who needs the `use` level and workflows:execute): an invalid graph is
 * refused with 422 listing its problems; the run itself is queued for the job runner and never runs
 * inside the request. With `wait`, waits for it (bounded) and answers its output.
 */
export async function executeWorkflow(
  { db, viewer, ip }: AuthedContext,
  workflowId: string,
  options: { input: Record<string, unknown>; wait: boolean; version?: number; trigger?: Trigger; signal?: AbortSignal },
) {
  await requirePermission(db, viewer, "workflows:execute");
  const { row } = await accessibleWorkflow(db, viewer, workflowId, "use");
  const trigger = options.trigger ?? "manual";
  const started = await startWorkflowRun(db, {
    workflowId, userId: viewer.userId, input: options.input, trigger, version: options.version,
    workflow: { id: row.id, ownerId: row.ownerId, version: row.version },
    audit: {
      eventType: "workflow_executed", actorId: viewer.userId, subjectType: "workflow", subjectId: workflowId, ip: ip ?? null,
      details: `Workflow "${row.name}" started (${trigger}, version ${options.version ?? row.version})`,
      data: { trigger, version: options.version ?? row.version },
    },
  });
  return runAnswer(db, started, options.wait, options.signal);
}

/**
 * The run now, or (with `wait`) once finished or after MAX_WAIT_MS. `finished` (200, not 202) only
 * when the caller waited: without `wait` the answer is always "accepted", however fast the run was.
 */
export async function runAnswer(db: Db, started: StartedRun, wait: boolean, signal?: AbortSignal) {
  // Not waiting: the run as it was accepted (reading it back would cost a round trip and say no more).
  if (!wait) {
    const execution = { id: started.id, workflow_id: started.workflowId, status: started.status, trigger: started.trigger, output: undefined, error: null, created_at: started.createdAt.toISOString(), finished_at: null, duration_ms: null };
    return { execution, finished: false };
  }
  const run = await waitForRun(db, started.id, MAX_WAIT_MS, signal);
  return { execution: toExecution(run), finished: isFinished(run.status) };
}

/** Polls the run's row (it is written by whichever process runs it) until it finishes, the time is up or the client leaves. */
export async function waitForRun(db: Db, runId: string, timeoutMs: number, signal?: AbortSignal) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.workflowRun.findUniqueOrThrow({ where: { id: runId } });
    if (isFinished(run.status) || Date.now() >= deadline || signal?.aborted) return run;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}
