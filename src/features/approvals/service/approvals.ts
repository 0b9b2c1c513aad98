import "server-only";
import type { Approval, Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/features/audit/record";
import { announce, createNotification, userStream } from "@/features/notifications/service";
import { requirePermission } from "@/features/permissions/service/check";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/errors";
import { getEventBus } from "@/server/events";
import { getJobRunner } from "@/server/jobs";
import { approvalsConfig } from "../config";
import type { ApprovalCreate, ApprovalDto, ApprovalStatus, approvalQuery } from "../schemas";
import type { z } from "zod";
import { decidableOwners, visibleApproval } from "./access";
import { requireSecondFactor } from "./totp";

/**
 * What to do once an approval is decided (or expires): a job for the one job runner, enqueued with
 * `{...data, approval_id}` under the approval's id (so it runs once). An agent run waiting on a tool
 * call names chat's resume job; a workflow's approval node or an AG-UI run can name theirs.
 */
export interface ResumeTarget {
  job: string;
  data: Record<string, unknown>;
}

/** A pending approval past its expiry reads as expired even before the sweep writes it. */
export const statusOf = (a: Pick<Approval, "status" | "expiresAt">, now = Date.now()): ApprovalStatus =>
  a.status === "pending" && a.expiresAt.getTime() <= now ? "expired" : (a.status as ApprovalStatus);

export function toDto(a: Approval, agentName: string | null = null): ApprovalDto {
  return {
    id: a.id,
    owner_id: a.ownerId,
    requester_id: a.requesterId,
    agent_id: a.agentId,
    agent_name: agentName,
    source: a.source as ApprovalDto["source"],
    action: a.action,
    description: a.description,
    payload: (a.payload ?? {}) as Record<string, unknown>,
    run_id: a.runId,
    status: statusOf(a),
    created_at: a.createdAt.toISOString(),
    expires_at: a.expiresAt.toISOString(),
    decided_by: a.decidedById,
    decided_at: a.decidedAt?.toISOString() ?? null,
    comment: a.comment,
  };
}

async function withAgentNames(db: Db, rows: Approval[]) {
  const ids = [...new Set(rows.map((r) => r.agentId).filter((id): id is string => id !== null))];
  const agents = ids.length ? await db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return rows.map((r) => toDto(r, r.agentId ? (names.get(r.agentId) ?? null) : null));
}

function expiryFrom(minutes: number | undefined) {
  const { APPROVALS_TIMEOUT_MINUTES, APPROVALS_MAX_TIMEOUT_MINUTES } = approvalsConfig();
  const bounded = Math.min(Math.max(minutes ?? APPROVALS_TIMEOUT_MINUTES, 1), APPROVALS_MAX_TIMEOUT_MINUTES);
  return new Date(Date.now() + bounded * 60_000);
}

export interface NewApproval {
  /** Chosen by the caller when it must name the approval before storing it (a run records it first). */
  id?: string;
  ownerId: string;
  requesterId: string;
  agentId?: string | null;
  source: "api" | "agent_tool" | "workflow";
  action: string;
  description: string;
  payload: Record<string, unknown>;
  runId?: string | null;
  resumeTarget?: ResumeTarget | null;
  timeoutMinutes?: number;
}

/**
 * Stores an approval and tells its owner (a notification on their bell, and `approval_created` on
 * their live stream for an open Approvals page). Used by the API and by waiting agent runs.
 */
export async function requestApproval(db: Db, input: NewApproval, ip?: string) {
  const { approval, notification } = await db.$transaction(async (tx) => {
    const approval = await tx.approval.create({
      data: {
        ...(input.id ? { id: input.id } : {}),
        ownerId: input.ownerId,
        requesterId: input.requesterId,
        agentId: input.agentId ?? null,
        source: input.source,
        action: input.action,
        description: input.description,
        payload: input.payload as Prisma.InputJsonObject,
        runId: input.runId ?? null,
        resumeTarget: (input.resumeTarget ?? undefined) as Prisma.InputJsonObject | undefined,
        expiresAt: expiryFrom(input.timeoutMinutes),
      },
    });
    const notification = await createNotification(tx, {
      userId: input.ownerId,
      type: "approval_requested",
      title: input.description || `Approval requested: ${input.action}`,
      content: `Action: ${input.action}`,
      data: { approval_id: approval.id, action: input.action, agent_id: input.agentId ?? null, link: `/approvals?id=${approval.id}` },
    });
    await recordAudit(tx, {
      eventType: "approval_requested",
      actorId: input.requesterId,
      agentId: input.agentId ?? null,
      subjectType: "approval",
      subjectId: approval.id,
      details: input.description || `Approval requested for ${input.action}`,
      data: { action: input.action, source: input.source },
      ip,
    });
    return { approval, notification };
  });
  await announce(notification);
  await publish(approval.ownerId, "approval_created", { id: approval.id });
  return approval;
}

const publish = (ownerId: string, type: string, data: object) =>
  getEventBus().publish(userStream(ownerId), type, data).catch((error: unknown) => console.warn("[approvals] publish failed", error));

/** POST /api/approvals: asked through the API, decided by the caller (its own agent's owner). */
export async function createApproval(ctx: AuthedContext, input: ApprovalCreate) {
  const { db, viewer } = ctx;
  await requirePermission(db, viewer, "approvals:create");
  if (input.agent_id) {
    const agent = await db.agent.findFirst({ where: { id: input.agent_id, ownerId: viewer.userId }, select: { id: true } });
    if (!agent) throw notFound("Agent");
  }
  const created = await requestApproval(
    db,
    {
      ownerId: viewer.userId,
      requesterId: viewer.userId,
      agentId: input.agent_id ?? null,
      source: "api",
      action: input.action,
      description: input.description,
      payload: input.payload,
      timeoutMinutes: input.timeout_minutes,
    },
    ctx.ip,
  );
  return (await withAgentNames(db, [created]))[0];
}

/** GET /api/approvals: the approvals you decide, pending first (oldest first among them), then the rest newest first. */
export async function listApprovals(ctx: AuthedContext, q: z.infer<typeof approvalQuery>) {
  const { db } = ctx;
  const owners = await decidableOwners(ctx);
  const now = new Date();
  const mine: Prisma.ApprovalWhereInput = { ownerId: { in: owners } };
  const pendingWhere: Prisma.ApprovalWhereInput = { ...mine, status: "pending", expiresAt: { gt: now } };
  const restWhere: Prisma.ApprovalWhereInput = {
    ...mine,
    ...(q.status === "expired"
      ? { OR: [{ status: "expired" }, { status: "pending", expiresAt: { lte: now } }] }
      : q.status
        ? { status: q.status }
        : { OR: [{ status: { not: "pending" } }, { expiresAt: { lte: now } }] }),
  };
  const skip = (q.page - 1) * q.page_size;
  const pending = await db.approval.count({ where: pendingWhere });
  if (q.status === "pending") {
    const rows = await db.approval.findMany({ where: pendingWhere, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip, take: q.page_size });
    return { items: await withAgentNames(db, rows), total: pending, page: q.page, page_size: q.page_size, pending };
  }
  const rest = await db.approval.count({ where: restWhere });
  const leading = q.status ? 0 : pending;
  const head =
    skip < leading ? await db.approval.findMany({ where: pendingWhere, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip, take: Math.min(q.page_size, leading - skip) }) : [];
  const room = q.page_size - head.length;
  const tail =
    room > 0 ? await db.approval.findMany({ where: restWhere, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: Math.max(0, skip - leading), take: room }) : [];
  return { items: await withAgentNames(db, [...head, ...tail]), total: leading + rest, page: q.page, page_size: q.page_size, pending };
}

/** How many approvals wait for the viewer (the nav badge). */
export async function pendingApprovals(ctx: AuthedContext) {
  const owners = await decidableOwners(ctx);
  return { count: await ctx.db.approval.count({ where: { ownerId: { in: owners }, status: "pending", expiresAt: { gt: new Date() } } }) };
}

/** GET /api/approvals/{id} */
export async function getApproval(ctx: AuthedContext, id: string) {
  return (await withAgentNames(ctx.db, [await visibleApproval(ctx, id)]))[0];
}

export interface Decision {
  decision: "approve" | "reject";
  totpCode?: string;
  comment?: string;
}

/**
 * Decides a pending approval, once: a second decision, or one after it expired, is 409. Approving
 * needs the decider's second factor when TOTP is enforced for them (400 without a valid code). The
 * waiting work (the resume target) is enqueued after the decision is stored.
 */
export async function decideApproval(ctx: AuthedContext, id: string, decision: Decision) {
  const { db, viewer, ip } = ctx;
  const found = await visibleApproval(ctx, id);
  await requirePermission(db, viewer, "approvals:decide");
  assertPending(found);
  if (decision.decision === "approve") await requireSecondFactor(db, viewer.userId, decision.totpCode, ip);
  const status = decision.decision === "approve" ? "approved" : "rejected";
  const now = new Date();
  const decided = await db.$transaction(async (tx) => {
    const updated = await tx.approval.updateMany({
      where: { id, status: "pending", expiresAt: { gt: now } },
      data: { status, decidedById: viewer.userId, decidedAt: now, comment: decision.comment ?? null },
    });
    if (updated.count === 0) return null;
    await recordAudit(tx, {
      eventType: status === "approved" ? "approval_approved" : "approval_rejected",
      actorId: viewer.userId,
      agentId: found.agentId,
      subjectType: "approval",
      subjectId: id,
      details: `${status === "approved" ? "Approved" : "Rejected"} ${found.action}${found.description ? `: ${found.description}` : ""}`,
      data: { action: found.action, owner_id: found.ownerId },
      ip,
    });
    return tx.approval.findUniqueOrThrow({ where: { id } });
  });
  if (!decided) {
    assertPending(await db.approval.findUniqueOrThrow({ where: { id } }));
    throw conflict("This approval was decided meanwhile");
  }
  await afterDecision(db, decided);
  return (await withAgentNames(db, [decided]))[0];
}

function assertPending(a: Approval) {
  const status = statusOf(a);
  if (status === "expired") throw conflict("This approval has expired and can no longer be decided");
  if (status !== "pending") throw conflict(`This approval was already ${status}`);
}

/** Resumes the waiting work and refreshes open Approvals pages. */
async function afterDecision(db: Db, a: Approval) {
  await publish(a.ownerId, "approval_decided", { id: a.id, status: statusOf(a) });
  const target = a.resumeTarget as ResumeTarget | null;
  if (!target?.job) return;
  let runner = getJobRunner();
  if (!runner.isRegistered(target.job)) {
    // Not started at boot (next dev, tests): start it with every handler.
    const { startBackgroundJobs } = await import("@/server/jobs/start");
    runner = await startBackgroundJobs();
  }
  try {
    await runner.enqueue(target.job, { ...target.data, approval_id: a.id }, { id: a.id });
  } catch (error) {
    // The decision stands; the sweep retries waiting work whose job is missing.
    console.error(`[approvals] could not enqueue ${target.job} for approval ${a.id}`, error);
  }
}

/**
 * Writes `expired` on pending approvals past their time and resumes what waited on them (an agent
 * run then ends saying the request expired). Run periodically by the job runner's owner process.
 */
export async function expireOverdue(db: Db) {
  const overdue = await db.approval.findMany({ where: { status: "pending", expiresAt: { lte: new Date() } }, take: 500 });
  for (const a of overdue) {
    const updated = await db.approval.updateMany({ where: { id: a.id, status: "pending" }, data: { status: "expired" } });
    if (updated.count !== 1) continue;
    await recordAudit(db, { eventType: "approval_expired", agentId: a.agentId, subjectType: "approval", subjectId: a.id, details: `Approval for ${a.action} expired undecided` }).catch((error: unknown) =>
      console.error("[approvals] could not audit an expiry", error),
    );
    await afterDecision(db, { ...a, status: "expired" });
  }
  return overdue.length;
}

/** The decision a resumed job reads: approved, rejected or expired (pending when it is not decided). */
export async function decisionOf(db: Db, approvalId: string) {
  const a = await db.approval.findUnique({ where: { id: approvalId } });
  return a ? { status: statusOf(a), comment: a.comment, action: a.action } : null;
}
