import type { WorkflowRun, WorkflowStep } from "@/generated/prisma/client";
import type { RunStatus, RunTrigger, StepStatus, WorkflowRunDto, WorkflowStepDto } from "./schemas";

const iso = (d: Date | null) => d?.toISOString() ?? null;
const durationOf = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

export function stepDto(step: WorkflowStep): WorkflowStepDto {
  return {
    id: step.id,
    run_id: step.runId,
    node_id: step.nodeId,
    node_type: step.nodeType,
    status: step.status as StepStatus,
    input: step.input ?? null,
    output: step.output ?? null,
    handle: step.handle,
    error: step.error,
    attempts: step.attempts,
    logs: Array.isArray(step.logs) ? (step.logs as WorkflowStepDto["logs"]) : [],
    approval_id: step.approvalId,
    child_run_id: step.childRunId,
    started_at: iso(step.startedAt),
    finished_at: iso(step.finishedAt),
    duration_ms: durationOf(step.startedAt, step.finishedAt),
  };
}

export function runDto(run: WorkflowRun, steps?: WorkflowStep[]): WorkflowRunDto {
  return {
    id: run.id,
    workflow_id: run.workflowId,
    version: run.version,
    user_id: run.userId,
    status: run.status as RunStatus,
    trigger: run.trigger as RunTrigger,
    input: run.input ?? {},
    output: run.output ?? null,
    error: run.error,
    parent_run_id: run.parentRunId,
    parent_step_id: run.parentStepId,
    rerun_of_id: run.rerunOfId,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    duration_ms: durationOf(run.startedAt, run.finishedAt),
    ...(steps ? { steps: steps.map(stepDto) } : {}),
  };
}
