import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { notScratch } from "./node-test";
import { runScope } from "./scope";
import { sharedWorkflowIds } from "./workflows";

/** The monitoring dashboard, from the rows of the caller's workflows and runs (administrators: everyone's). */

export async function monitoringOverview(ctx: AuthedContext) {
  const scope = await runScope(ctx);
  const shared = scope.all ? [] : await sharedWorkflowIds(ctx);
  const workflowWhere: Prisma.WorkflowWhereInput = { AND: [notScratch, scope.all ? {} : { OR: [{ ownerId: ctx.viewer.userId }, { id: { in: shared } }] }] };
  const [workflows, schedules, rows] = await Promise.all([
    ctx.db.workflow.count({ where: workflowWhere }),
    ctx.db.workflowSchedule.count({ where: { enabled: true, ...(scope.all ? {} : { ownerId: ctx.viewer.userId }) } }),
    ctx.db.$queryRaw<{ status: string; count: bigint; timed: bigint; avg_ms: number | null }[]>`
      SELECT r.status, COUNT(*) AS count, COUNT(r.started_at) FILTER (WHERE r.finished_at IS NOT NULL) AS timed,
        AVG(EXTRACT(EPOCH FROM (r.finished_at - r.started_at)) * 1000)::float8 AS avg_ms
      FROM workflow_runs r WHERE ${scope.sql} GROUP BY r.status`,
  ]);
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.count ?? 0);
  const executions = rows.reduce((n, r) => n + Number(r.count), 0);
  const finished = count("succeeded") + count("failed");
  const timed = rows.filter((r) => r.avg_ms != null);
  const timedCount = timed.reduce((n, r) => n + Number(r.timed), 0);
  return {
    workflows,
    executions,
    running: count("running") + count("queued"),
    waiting: count("waiting") + count("paused"),
    succeeded: count("succeeded"),
    failed: count("failed"),
    success_rate: finished ? count("succeeded") / finished : null,
    avg_duration_ms: timedCount ? Math.round(timed.reduce((n, r) => n + Number(r.avg_ms) * Number(r.timed), 0) / timedCount) : null,
    schedules_enabled: schedules,
    scope: scope.all ? ("all" as const) : ("mine" as const),
  };
}

/** Runs per UTC day over the last `days` (every day listed, zero included). */
export async function executionsPerDay(ctx: AuthedContext, days: number) {
  const scope = await runScope(ctx);
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  start.setUTCDate(start.getUTCDate() - (days - 1));
  const rows = await ctx.db.$queryRaw<{ day: string; total: bigint; succeeded: bigint; failed: bigint }[]>`
    SELECT to_char(date_trunc('day', r.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, COUNT(*) AS total,
      COUNT(*) FILTER (WHERE r.status = 'succeeded') AS succeeded, COUNT(*) FILTER (WHERE r.status = 'failed') AS failed
    FROM workflow_runs r WHERE ${scope.sql} AND r.created_at >= ${start} GROUP BY 1`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return {
    days: Array.from({ length: days }, (_, i) => {
      const day = new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      const r = byDay.get(day);
      return { day, total: Number(r?.total ?? 0), succeeded: Number(r?.succeeded ?? 0), failed: Number(r?.failed ?? 0) };
    }),
  };
}

/** Steps per node type: how often each runs, fails, and how long it takes on average. */
export async function nodeTypeUsage(ctx: AuthedContext, days: number) {
  const scope = await runScope(ctx);
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await ctx.db.$queryRaw<{ node_type: string; steps: bigint; failed: bigint; avg_ms: number | null }[]>`
    SELECT s.node_type, COUNT(*) AS steps, COUNT(*) FILTER (WHERE s.status = 'failed') AS failed,
      AVG(EXTRACT(EPOCH FROM (s.finished_at - s.started_at)) * 1000)::float8 AS avg_ms
    FROM workflow_steps s JOIN workflow_runs r ON r.id = s.run_id
    WHERE ${scope.sql} AND r.created_at >= ${since} GROUP BY s.node_type ORDER BY steps DESC`;
  return { items: rows.map((r) => ({ node_type: r.node_type, steps: Number(r.steps), failed: Number(r.failed), avg_ms: r.avg_ms == null ? null : Math.round(Number(r.avg_ms)) })) };
}

/** The latest things that happened: runs started and finished, versions saved; newest first. */
export async function recentActivities(ctx: AuthedContext, limit = 50) {
  const scope = await runScope(ctx);
  const shared = scope.all ? [] : await sharedWorkflowIds(ctx);
  const [runs, versions] = await Promise.all([
    ctx.db.workflowRun.findMany({ where: scope.where, orderBy: { createdAt: "desc" }, take: limit }),
    ctx.db.workflowVersion.findMany({
      where: scope.all ? {} : { workflow: { OR: [{ ownerId: ctx.viewer.userId }, { id: { in: shared } }] } },
      orderBy: { createdAt: "desc" }, take: limit, select: { workflowId: true, version: true, message: true, createdAt: true, name: true },
    }),
  ]);
  const names = new Map((await ctx.db.workflow.findMany({ where: { id: { in: [...new Set(runs.map((r) => r.workflowId))] } }, select: { id: true, name: true } })).map((w) => [w.id, w.name]));
  const items = [
    ...runs.map((r) => ({
      kind: r.finishedAt ? `execution_${r.status}` : "execution_started",
      at: (r.finishedAt ?? r.createdAt).toISOString(),
      workflow_id: r.workflowId, workflow_name: names.get(r.workflowId) ?? null, execution_id: r.id, status: r.status,
      detail: `${r.trigger} run ${r.finishedAt ? r.status : "started"}${r.error ? `: ${r.error.slice(0, 200)}` : ""}`,
    })),
    ...versions.map((v) => ({
      kind: "version_saved", at: v.createdAt.toISOString(), workflow_id: v.workflowId, workflow_name: v.name, execution_id: null, status: null,
      detail: `Version ${v.version}${v.message ? `: ${v.message}` : ""}`,
    })),
  ];
  return { items: items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit) };
}
