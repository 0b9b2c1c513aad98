import "server-only";
import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { ownAgent } from "@/features/agents/service/access";
import { requirePermission } from "@/features/permissions/service/check";
import type { scheduleCreate, scheduleListQuery, scheduleUpdate } from "../schemas";
import { accessibleWorkflow } from "../service/access";
import { toSchedule } from "../service/dto";
import { compileGraph, entryNode } from "../engine/graph";
import { inputIssues } from "../runs/input-check";
import { checkedCron, nextRunAfter } from "./cron";
import { fireSchedule } from "./fire";

const MAX_SCHEDULES_PER_USER = 100;

async function ownSchedule({ db, viewer }: AuthedContext, id: string) {
  const row = await db.workflowSchedule.findFirst({ where: { id, ...(viewer.role === "admin" ? {} : { ownerId: viewer.userId }) } });
  if (!row) throw notFound("Schedule");
  return row;
}

/** GET /agent-schedules: yours (admins: everyone's), optionally those of one workflow. */
export async function listSchedules(ctx: AuthedContext, q: z.output<typeof scheduleListQuery>) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  const where: Prisma.WorkflowScheduleWhereInput = { ownerId: ctx.viewer.userId, ...(q.workflow_id ? { workflowId: q.workflow_id } : {}) };
  const [rows, total] = await Promise.all([
    ctx.db.workflowSchedule.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size }),
    ctx.db.workflowSchedule.count({ where }),
  ]);
  return { items: rows.map(toSchedule), total, page: q.page, page_size: q.page_size };
}

export async function getSchedule(ctx: AuthedContext, id: string) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  return toSchedule(await ownSchedule(ctx, id));
}

/** POST /agent-schedules: the target must be a workflow you may run (use) or an agent you may use. */
/** `prefix`: where the fields sit in the caller's input (`body` on REST, nothing on tRPC), for field errors. */
export async function createSchedule(ctx: AuthedContext, input: z.output<typeof scheduleCreate>, prefix = "body") {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const { db, viewer } = ctx;
  await requirePermission(db, viewer, "workflows:execute");
  checkedCron(input.cron, input.timezone, prefix);
  let workflowId: string | null = null;
  let agentId: string | null = null;
  if (input.target_type === "workflow") {
    if (!input.workflow_id) throw missing(at("workflow_id"), "Choose the workflow to run");
    const { row } = await accessibleWorkflow(db, viewer, input.workflow_id, "use");
    assertInputFits(row.definition, input.input, prefix);
    workflowId = row.id;
  } else {
    if (!input.agent_id) throw missing(at("agent_id"), "Choose the agent to message");
    const message = input.input.message;
    if (typeof message !== "string" || !message.trim()) throw missing(at("input.message"), "Write the message the agent gets");
    agentId = (await ownAgent(db, viewer, input.agent_id, "use")).id;
  }
  if ((await db.workflowSchedule.count({ where: { ownerId: viewer.userId } })) >= MAX_SCHEDULES_PER_USER) {
    throw new AppError("CONFLICT", `You have ${MAX_SCHEDULES_PER_USER} schedules, the most there can be; delete some first`);
  }
  const row = await db.workflowSchedule.create({
    data: {
      ownerId: viewer.userId, name: input.name, targetType: input.target_type, workflowId, agentId,
      cron: input.cron, timezone: input.timezone, input: input.input as Prisma.InputJsonObject, enabled: input.enabled,
      nextRunAt: input.enabled ? nextRunAfter(input.cron, input.timezone, new Date()) : null,
    },
  });
  return toSchedule(row);
}

/** PUT /agent-schedules/{id}: a new cron, zone or enabling recomputes next_run_at (disabled: none). */
export async function updateSchedule(ctx: AuthedContext, id: string, input: z.output<typeof scheduleUpdate>, prefix = "body") {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  await requirePermission(ctx.db, ctx.viewer, "workflows:update");
  const current = await ownSchedule(ctx, id);
  const cron = input.cron ?? current.cron;
  const timezone = input.timezone ?? current.timezone;
  checkedCron(cron, timezone, prefix);
  const enabled = input.enabled ?? current.enabled;
  if (current.targetType === "agent" && input.input && typeof input.input.message !== "string") throw missing(at("input.message"), "Write the message the agent gets");
  if (current.targetType === "workflow" && input.input && current.workflowId) {
    const workflow = await ctx.db.workflow.findUnique({ where: { id: current.workflowId }, select: { definition: true } });
    if (workflow) assertInputFits(workflow.definition, input.input, prefix);
  }
  const row = await ctx.db.workflowSchedule.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.input !== undefined ? { input: input.input as Prisma.InputJsonObject } : {}),
      cron, timezone, enabled,
      nextRunAt: enabled ? nextRunAfter(cron, timezone, new Date()) : null,
    },
  });
  return toSchedule(row);
}

export async function deleteSchedule(ctx: AuthedContext, id: string) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:delete");
  await ownSchedule(ctx, id);
  await ctx.db.workflowSchedule.delete({ where: { id } });
}

/** POST /agent-schedules/{id}/trigger: fires it now (as its owner), leaving its next regular time as it is. */
export async function triggerSchedule(ctx: AuthedContext, id: string) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:execute");
  const row = await ownSchedule(ctx, id);
  const fired = await fireSchedule(ctx.db as Db, row);
  await ctx.db.workflowSchedule.update({ where: { id }, data: { lastRunAt: new Date(), lastRunId: fired.runId } });
  if (fired.error) throw new AppError("VALIDATION_ERROR", `The schedule could not start its ${row.targetType}: ${fired.error}`);
  return { schedule_id: row.id, target_type: row.targetType, run_id: fired.runId, detail: fired.detail };
}

/** A schedule's input must fit the workflow's start fields now, rather than fail at every firing. */
function assertInputFits(definition: unknown, input: Record<string, unknown>, prefix: string) {
  let entry;
  try {
    entry = entryNode(compileGraph(definition), "schedule");
  } catch {
    return; // an unfinished graph: its runs are refused when fired, with the reason
  }
  const issues = entry ? inputIssues(entry, input) : [];
  if (!issues.length) return;
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  throw new AppError("VALIDATION_ERROR", `The input does not fit the workflow's start fields: ${issues[0].message}`, { issues: issues.map((i) => ({ path: at(i.path), message: i.message })) });
}

function missing(path: string, message: string) {
  return new AppError("VALIDATION_ERROR", `Invalid ${path}: ${message}`, { issues: [{ path, message }] });
}
