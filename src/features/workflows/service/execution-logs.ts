import "server-only";
import type { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import type { executionLogQuery, statsQuery } from "../schemas";
import { storedDefinition, toExecutionLog, toStepLog } from "./dto";
import { readableRun, runScope } from "./scope";

const names = async (ctx: AuthedContext, ids: string[]) =>
  new Map((await ctx.db.workflow.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })).map((w) => [w.id, w.name]));

/** GET /execution-logs: runs you may read, newest first, filtered. */
export async function listExecutionLogs(ctx: AuthedContext, q: z.output<typeof executionLogQuery>) {
  const scope = await runScope(ctx);
  const where: Prisma.WorkflowRunWhereInput = {
    AND: [
      scope.where,
      q.workflow_id ? { workflowId: q.workflow_id } : {},
      q.status ? { status: q.status } : {},
      q.trigger ? { trigger: q.trigger } : {},
      q.since || q.until ? { createdAt: { ...(q.since ? { gte: new Date(q.since) } : {}), ...(q.until ? { lt: new Date(q.until) } : {}) } } : {},
    ],
  };
  const [rows, total] = await Promise.all([
    ctx.db.workflowRun.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size }),
    ctx.db.workflowRun.count({ where }),
  ]);
  const byId = await names(ctx, rows.map((r) => r.workflowId));
  return { items: rows.map((r) => toExecutionLog(r, byId.get(r.workflowId) ?? null)), total, page: q.page, page_size: q.page_size };
}

export async function getExecutionLog(ctx: AuthedContext, id: string) {
  const run = await readableRun(ctx, id);
  return toExecutionLog(run, (await names(ctx, [run.workflowId])).get(run.workflowId) ?? null);
}

/** The run's steps in the order they started (not started yet: last). */
async function stepsOf(ctx: AuthedContext, runId: string) {
  const steps = await ctx.db.workflowStep.findMany({ where: { runId }, orderBy: [{ startedAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }], take: 2_000 });
  return steps;
}

export async function listExecutionSteps(ctx: AuthedContext, id: string) {
  await readableRun(ctx, id);
  return { items: (await stepsOf(ctx, id)).map(toStepLog) };
}

export async function getExecutionStep(ctx: AuthedContext, id: string, nodeId: string) {
  await readableRun(ctx, id);
  const step = await ctx.db.workflowStep.findUnique({ where: { runId_nodeId: { runId: id, nodeId } } });
  if (!step) throw notFound("Step");
  return toStepLog(step);
}

/** GET /execution-logs/{id}/timeline: each step's start offset from the run's start and its duration (a Gantt chart's bars). */
export async function executionTimeline(ctx: AuthedContext, id: string) {
  const run = await readableRun(ctx, id);
  const steps = await stepsOf(ctx, id);
  const origin = run.startedAt ?? run.createdAt;
  return {
    execution_id: run.id,
    started_at: run.startedAt?.toISOString() ?? null,
    finished_at: run.finishedAt?.toISOString() ?? null,
    duration_ms: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    items: steps.map((s) => ({
      node_id: s.nodeId,
      node_type: s.nodeType,
      status: s.status,
      offset_ms: s.startedAt ? s.startedAt.getTime() - origin.getTime() : null,
      duration_ms: s.startedAt && s.finishedAt ? s.finishedAt.getTime() - s.startedAt.getTime() : null,
    })),
  };
}

type ChainAgent = { node_id: string; agent_id: string | null; agent_name: string | null; status: string };
type Chain = { execution_id: string; workflow_id: string; workflow_name: string | null; status: string; via_node_id: string | null; agents: ChainAgent[]; children: Chain[] };
const MAX_CHAIN_RUNS = 200;

/**
 * GET /execution-logs/{id}/call-chain: the run, the sub-workflow runs it started (and theirs), and
 * the agents its agent steps ran; from the top of the chain when the run is itself a sub-run.
 */
export async function executionCallChain(ctx: AuthedContext, id: string) {
  let run = await readableRun(ctx, id);
  for (let depth = 0; run.parentRunId && depth < 10; depth++) {
    const parent = await ctx.db.workflowRun.findUnique({ where: { id: run.parentRunId } });
    if (!parent) break;
    run = parent;
  }
  let budget = MAX_CHAIN_RUNS;
  const build = async (r: { id: string; workflowId: string; version: number; status: string }, via: string | null): Promise<Chain> => {
    budget--;
    const agents = await agentsOf(ctx, r);
    const children = budget > 0 ? await ctx.db.workflowRun.findMany({ where: { parentRunId: r.id }, orderBy: { createdAt: "asc" }, take: Math.min(budget, 50) }) : [];
    const name = (await names(ctx, [r.workflowId])).get(r.workflowId) ?? null;
    return {
      execution_id: r.id, workflow_id: r.workflowId, workflow_name: name, status: r.status, via_node_id: via, agents,
      children: await Promise.all(children.map(async (c) => build(c, c.parentStepId ? ((await ctx.db.workflowStep.findUnique({ where: { id: c.parentStepId }, select: { nodeId: true } }))?.nodeId ?? null) : null))),
    };
  };
  return build(run, null);
}

/** The agent steps of a run, with the agent each one's node (in the run's version) names. */
async function agentsOf(ctx: AuthedContext, run: { id: string; workflowId: string; version: number }): Promise<ChainAgent[]> {
  const steps = await ctx.db.workflowStep.findMany({ where: { runId: run.id, nodeType: "agent" }, select: { nodeId: true, status: true }, orderBy: { createdAt: "asc" }, take: 200 });
  if (!steps.length) return [];
  const version = await ctx.db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: run.workflowId, version: run.version } }, select: { definition: true } });
  const nodes = new Map(storedDefinition(version?.definition).nodes.map((n) => [n.id, n]));
  const agentIdOf = (nodeId: string) => {
    const id = nodes.get(nodeId)?.config.agent_id;
    return typeof id === "string" ? id : null;
  };
  const ids = [...new Set(steps.map((s) => agentIdOf(s.nodeId)).filter((id): id is string => id !== null && /^[0-9a-f-]{36}$/i.test(id)))];
  const agentNames = new Map((await ctx.db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]));
  return steps.map((s) => {
    const agentId = agentIdOf(s.nodeId);
    return { node_id: s.nodeId, agent_id: agentId, agent_name: agentId ? (agentNames.get(agentId) ?? null) : null, status: s.status };
  });
}

/** GET /execution-logs/performance: the slowest steps and each node type's count, failures and average time. */
export async function executionPerformance(ctx: AuthedContext, q: z.output<typeof statsQuery>) {
  const scope = await runScope(ctx);
  const since = new Date(Date.now() - q.days * 86_400_000);
  const wf = q.workflow_id ? Prisma.sql`AND r.workflow_id = ${q.workflow_id}::uuid` : Prisma.empty;
  const ms = Prisma.sql`(EXTRACT(EPOCH FROM (s.finished_at - s.started_at)) * 1000)`;
  const [slowest, byType] = await Promise.all([
    ctx.db.$queryRaw<{ execution_id: string; node_id: string; node_type: string; duration_ms: number }[]>`
      SELECT s.run_id::text AS execution_id, s.node_id, s.node_type, ${ms}::float8 AS duration_ms
      FROM workflow_steps s JOIN workflow_runs r ON r.id = s.run_id
      WHERE ${scope.sql} ${wf} AND r.created_at >= ${since} AND s.started_at IS NOT NULL AND s.finished_at IS NOT NULL
      ORDER BY duration_ms DESC LIMIT 10`,
    ctx.db.$queryRaw<{ node_type: string; count: bigint; failed: bigint; avg_ms: number | null; max_ms: number | null }[]>`
      SELECT s.node_type, COUNT(*) AS count, COUNT(*) FILTER (WHERE s.status = 'failed') AS failed,
        AVG(${ms})::float8 AS avg_ms, MAX(${ms})::float8 AS max_ms
      FROM workflow_steps s JOIN workflow_runs r ON r.id = s.run_id
      WHERE ${scope.sql} ${wf} AND r.created_at >= ${since}
      GROUP BY s.node_type ORDER BY avg_ms DESC NULLS LAST`,
  ]);
  return {
    slowest_steps: slowest.map((s) => ({ ...s, duration_ms: Math.round(Number(s.duration_ms)) })),
    node_types: byType.map((t) => ({ node_type: t.node_type, count: Number(t.count), failed: Number(t.failed), avg_ms: round(t.avg_ms), max_ms: round(t.max_ms) })),
  };
}

/** GET /execution-logs/stats: runs by status and trigger, success rate and average duration. */
export async function executionStats(ctx: AuthedContext, q: z.output<typeof statsQuery>) {
  const scope = await runScope(ctx);
  const since = new Date(Date.now() - q.days * 86_400_000);
  const wf = q.workflow_id ? Prisma.sql`AND r.workflow_id = ${q.workflow_id}::uuid` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<{ status: string; trigger: string; count: bigint; timed: bigint; avg_ms: number | null }[]>`
    SELECT r.status, r.trigger, COUNT(*) AS count, COUNT(r.started_at) FILTER (WHERE r.finished_at IS NOT NULL) AS timed,
      AVG(EXTRACT(EPOCH FROM (r.finished_at - r.started_at)) * 1000)::float8 AS avg_ms
    FROM workflow_runs r WHERE ${scope.sql} ${wf} AND r.created_at >= ${since} GROUP BY r.status, r.trigger`;
  return summarise(rows);
}

/** Totals from (status, trigger) groups; the average duration weighs each group by its runs that have one. */
export function summarise(rows: { status: string; trigger: string; count: bigint; timed: bigint; avg_ms: number | null }[]) {
  const by_status: Record<string, number> = {};
  const by_trigger: Record<string, number> = {};
  let total = 0;
  let timed = 0;
  let timeSum = 0;
  for (const r of rows) {
    const n = Number(r.count);
    total += n;
    by_status[r.status] = (by_status[r.status] ?? 0) + n;
    by_trigger[r.trigger] = (by_trigger[r.trigger] ?? 0) + n;
    if (r.avg_ms != null) {
      timed += Number(r.timed);
      timeSum += Number(r.avg_ms) * Number(r.timed);
    }
  }
  const finished = (by_status.succeeded ?? 0) + (by_status.failed ?? 0);
  return { total, by_status, by_trigger, success_rate: finished ? (by_status.succeeded ?? 0) / finished : null, avg_duration_ms: timed ? Math.round(timeSum / timed) : null };
}

const round = (v: number | null) => (v == null ? null : Math.round(Number(v)));
