import "server-only";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/features/audit/record";
import { requirePermission } from "@/features/permissions/service/check";
import { accessibleWorkflow } from "./access";
import { storedDefinition, toExecution } from "./dto";
import { startWorkflowRun } from "./engine-link";
import { assertRunnable } from "./workflows";

/** The longest a request waits for a run (`wait=true`); after it, the run goes on and the answer is 202 with its status. */
export const MAX_WAIT_MS = 30_000;
const POLL_MS = 150;
const FINISHED = new Set(["succeeded", "failed", "cancelled"]);
export const isFinished = (status: string) => FINISHED.has(status);

export type Trigger = "manual" | "webhook" | "schedule" | "batch" | "node_test";

/** The definition a run of `version` (default: the newest) would execute. */
async function definitionToRun(db: Db, workflow: { id: string; version: number; definition: unknown }, version?: number) {
  if (version === undefined || version === workflow.version) return storedDefinition(workflow.definition);
  const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: workflow.id, version } } });
  if (!row) throw new AppError("NOT_FOUND", `Version ${version} not found`);
  return storedDefinition(row.definition);
}

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
  assertRunnable(await definitionToRun(db, row, options.version));
  const trigger = options.trigger ?? "manual";
  const started = await startWorkflowRun(db, { workflowId, userId: viewer.userId, input: options.input, trigger, version: options.version });
  await recordAudit(db, {
    eventType: "workflow_executed", actorId: viewer.userId, subjectType: "workflow", subjectId: workflowId, ip: ip ?? null,
    details: `Workflow "${row.name}" started (${trigger}, version ${options.version ?? row.version})`,
    data: { run_id: started.id, trigger, version: options.version ?? row.version },
  });
  return runAnswer(db, started.id, options.wait, options.signal);
}

/**
 * The run now, or (with `wait`) once finished or after MAX_WAIT_MS. `finished` (200, not 202) only
 * when the caller waited: without `wait` the answer is always "accepted", however fast the run was.
 */
export async function runAnswer(db: Db, runId: string, wait: boolean, signal?: AbortSignal) {
  const run = wait ? await waitForRun(db, runId, MAX_WAIT_MS, signal) : await db.workflowRun.findUniqueOrThrow({ where: { id: runId } });
  return { execution: toExecution(run), finished: wait && isFinished(run.status) };
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
