import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import { requirePermission } from "@/features/permissions/service/check";
import { accessOf } from "./access";
import { sharedWorkflowIds } from "./workflows";

/**
 * Which runs a caller reads in logs and monitoring: those they started, those of workflows they own
 * or that are shared with them; administrators read all. As SQL (for aggregates, `r` is
 * workflow_runs) and as a Prisma filter (for lists).
 */
export async function runScope(ctx: AuthedContext) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  if (ctx.viewer.role === "admin") return { all: true as const, sql: Prisma.sql`TRUE`, where: {} as Prisma.WorkflowRunWhereInput };
  const me = ctx.viewer.userId;
  const shared = await sharedWorkflowIds(ctx);
  const owned = Prisma.sql`r.workflow_id IN (SELECT w.id FROM workflows w WHERE w.owner_id = ${me}::uuid)`;
  const sharedSql = shared.length ? Prisma.sql` OR r.workflow_id IN (${Prisma.join(shared.map((id) => Prisma.sql`${id}::uuid`))})` : Prisma.empty;
  const ownedIds = (await ctx.db.workflow.findMany({ where: { ownerId: me }, select: { id: true }, take: 10_000 })).map((w) => w.id);
  return {
    all: false as const,
    sql: Prisma.sql`(r.user_id = ${me}::uuid OR ${owned}${sharedSql})`,
    where: { OR: [{ userId: me }, { workflowId: { in: [...ownedIds, ...shared] } }] } as Prisma.WorkflowRunWhereInput,
  };
}

/** One run the caller may read (its starter, the workflow's viewers, admins); else 404. */
export async function readableRun(ctx: AuthedContext, runId: string) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  const run = await ctx.db.workflowRun.findUnique({ where: { id: runId } });
  if (!run) throw notFound("Execution");
  if (run.userId === ctx.viewer.userId || ctx.viewer.role === "admin") return run;
  const workflow = await ctx.db.workflow.findUnique({ where: { id: run.workflowId }, select: { ownerId: true } });
  if (workflow && (await accessOf(ctx.db, ctx.viewer, workflow.ownerId, run.workflowId))) return run;
  throw notFound("Execution");
}
