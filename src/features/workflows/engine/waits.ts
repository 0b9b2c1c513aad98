import "server-only";
import { Prisma, type WorkflowStep } from "@/generated/prisma/client";
import { statusOf } from "@/features/approvals/service/approvals";
import type { DbTx } from "@/server/db/client";
import type { RunPublisher } from "../runs/events";
import { isFinishedRun } from "../runs/schemas";

type WaitingStep = Pick<WorkflowStep, "id" | "runId" | "nodeId" | "nodeType" | "status" | "approvalId" | "childRunId" | "output" | "input" | "attempts" | "startedAt">;

export interface Resolution {
  status: "succeeded" | "failed";
  output: unknown;
  handle: string | null;
  error: string | null;
}

/** The wake time a long delay's waiting step stores. */
export const wakeAtOf = (step: Pick<WorkflowStep, "output">) => {
  const at = (step.output as { wake_at?: unknown } | null)?.wake_at;
  return typeof at === "string" ? Date.parse(at) : null;
};

/**
 * What a waiting step resolves to now, or null while it must go on waiting: an approval once decided
 * (or expired: the `rejected` handle), a child run once finished (its output, or a failure), a delay
 * once its wake time passed.
 */
export async function resolutionOf(db: DbTx, step: WaitingStep): Promise<Resolution | null> {
  if (step.approvalId) {
    const approval = await db.approval.findUnique({ where: { id: step.approvalId }, select: { status: true, expiresAt: true, comment: true, decidedById: true } });
    if (!approval) return { status: "failed", output: null, handle: null, error: "The approval is gone" };
    const status = statusOf(approval);
    if (status === "pending") return null;
    return { status: "succeeded", output: { status, comment: approval.comment, decided_by: approval.decidedById }, handle: status === "approved" ? "approved" : "rejected", error: null };
  }
  if (step.childRunId) {
    const child = await db.workflowRun.findUnique({ where: { id: step.childRunId }, select: { status: true, output: true, error: true } });
    if (!child) return { status: "failed", output: null, handle: null, error: "The sub-workflow's run is gone" };
    if (!isFinishedRun(child.status)) return null;
    if (child.status === "succeeded") return { status: "succeeded", output: child.output ?? null, handle: "out", error: null };
    return { status: "failed", output: null, handle: null, error: `The sub-workflow ${child.status}${child.error ? `: ${child.error}` : ""}` };
  }
  const wakeAt = wakeAtOf(step);
  if (wakeAt !== null) {
    if (Date.now() < wakeAt) return null;
    const input = step.input && typeof step.input === "object" && !Array.isArray(step.input) ? (step.input as Record<string, unknown>) : {};
    const keys = Object.keys(input);
    return { status: "succeeded", output: keys.length === 1 ? input[keys[0]] : input, handle: "out", error: null };
  }
  return null;
}

/**
 * Resolves a waiting step if it can be, once (a compare-and-set on `waiting`: the decision's job and
 * the run's own executor may both try). True when this call resolved it.
 */
export async function resolveWaitingStep(db: DbTx, step: WaitingStep, events?: RunPublisher): Promise<Resolution | null> {
  if (step.status !== "waiting") return null;
  const resolution = await resolutionOf(db, step);
  if (!resolution) return null;
  const finishedAt = new Date();
  const done = await db.workflowStep.updateMany({
    where: { id: step.id, status: "waiting" },
    data: {
      status: resolution.status,
      output: resolution.output === null ? Prisma.JsonNull : (resolution.output as Prisma.InputJsonValue),
      handle: resolution.handle,
      error: resolution.error,
      finishedAt,
    },
  });
  if (done.count !== 1) return null;
  events?.step({
    run_id: step.runId,
    step_id: step.id,
    node_id: step.nodeId,
    node_type: step.nodeType,
    status: resolution.status,
    attempts: step.attempts,
    handle: resolution.handle,
    error: resolution.error,
    started_at: step.startedAt?.toISOString() ?? null,
    finished_at: finishedAt.toISOString(),
    duration_ms: step.startedAt ? finishedAt.getTime() - step.startedAt.getTime() : null,
  });
  return resolution;
}
