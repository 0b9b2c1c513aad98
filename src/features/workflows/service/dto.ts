import type { Workflow, WorkflowRun, WorkflowStep, WorkflowVersion, NodeTemplate, WorkflowSchedule } from "@/generated/prisma/client";
import { workflowDefinition, type WorkflowDefinition } from "../definition";
import type { WorkflowAccess } from "./access";

/** Rows to wire shapes (snake_case, ISO times). */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const durationOf = (start: Date | null, end: Date | null) => (start && end ? end.getTime() - start.getTime() : null);

/** A stored definition, read back through the schema (defaults filled); an unreadable one is shown empty rather than failing the read. */
export function storedDefinition(value: unknown): WorkflowDefinition {
  const parsed = workflowDefinition.safeParse(value);
  return parsed.success ? parsed.data : { nodes: [], edges: [] };
}

export function toWorkflowSummary(row: Workflow, access: WorkflowAccess) {
  const def = storedDefinition(row.definition);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.version,
    template_id: row.templateId,
    owner_id: row.ownerId,
    webhook_enabled: row.webhookSecretEnc != null,
    access,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    node_count: def.nodes.length,
  };
}

export function toWorkflowDto(row: Workflow, access: WorkflowAccess) {
  const { node_count: _, ...summary } = toWorkflowSummary(row, access);
  void _;
  return { ...summary, definition: storedDefinition(row.definition) };
}

export function toVersionSummary(v: WorkflowVersion) {
  return {
    version: v.version,
    name: v.name,
    description: v.description,
    message: v.message,
    created_by_id: v.createdById,
    created_at: v.createdAt.toISOString(),
    node_count: storedDefinition(v.definition).nodes.length,
  };
}

export function toExecution(run: WorkflowRun) {
  return {
    id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    trigger: run.trigger,
    output: run.output ?? undefined,
    error: run.error,
    created_at: run.createdAt.toISOString(),
    finished_at: iso(run.finishedAt),
    duration_ms: durationOf(run.startedAt, run.finishedAt),
  };
}

export function toExecutionLog(run: WorkflowRun, workflowName: string | null) {
  return {
    id: run.id,
    workflow_id: run.workflowId,
    workflow_name: workflowName,
    version: run.version,
    user_id: run.userId,
    status: run.status,
    trigger: run.trigger,
    input: run.input,
    output: run.output ?? null,
    error: run.error,
    parent_run_id: run.parentRunId,
    rerun_of_id: run.rerunOfId,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    duration_ms: durationOf(run.startedAt, run.finishedAt),
  };
}

export function toStepLog(s: WorkflowStep) {
  return {
    id: s.id,
    node_id: s.nodeId,
    node_type: s.nodeType,
    status: s.status,
    input: s.input ?? null,
    output: s.output ?? null,
    handle: s.handle,
    error: s.error,
    attempts: s.attempts,
    logs: s.logs,
    approval_id: s.approvalId,
    child_run_id: s.childRunId,
    started_at: iso(s.startedAt),
    finished_at: iso(s.finishedAt),
    duration_ms: durationOf(s.startedAt, s.finishedAt),
  };
}

export function toNodeTemplate(t: NodeTemplate) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    node_type: t.nodeType,
    config: (t.config ?? {}) as Record<string, unknown>,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

export function toSchedule(s: WorkflowSchedule) {
  return {
    id: s.id,
    name: s.name,
    target_type: s.targetType as "workflow" | "agent",
    workflow_id: s.workflowId,
    agent_id: s.agentId,
    cron: s.cron,
    timezone: s.timezone,
    input: (s.input ?? {}) as Record<string, unknown>,
    enabled: s.enabled,
    last_run_at: iso(s.lastRunAt),
    last_run_id: s.lastRunId,
    next_run_at: iso(s.nextRunAt),
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}
