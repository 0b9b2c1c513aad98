import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { requirePermission } from "@/features/permissions/service/check";
import type { AuthedContext } from "@/server/context";
import type { Db, DbTx } from "@/server/db/client";
import { AppError, issuesOf, notFound } from "@/server/errors";
import { groupCommitter } from "@/server/db/group-commit";
import { recordAudits, type AuditInput } from "@/features/audit/record";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import { workflowDefinition } from "../definition";
import { ancestorsOf, compileGraph, entryNode, type Graph } from "../engine/graph";
import { unrunnable, validateDefinition } from "../engine/validate";
import { localRuns } from "../engine/local-runs";
import { holds, requireLevel, viewerOf, workflowLevel } from "./access";
import { runDto } from "./dto";
import { RunPublisher } from "./events";
import { inputIssues } from "./input-check";
import { WORKFLOW_RESUME_JOB, WORKFLOW_RUN_JOB } from "./job-names";
import { isFinishedRun, type ExecutionQuery, type RunTrigger } from "./schemas";
import { pinnedDefinition } from "./versions";

/** Sub-workflows nest at most this deep (a workflow calling itself stops here). */
export const MAX_SUBWORKFLOW_DEPTH = 5;

export interface StartRun {
  workflowId: string;
  userId: string;
  input: unknown;
  trigger: RunTrigger;
  /** Run this version (default: the newest). */
  version?: number;
  parentRunId?: string;
  parentStepId?: string;
  /** A re-run names the run whose outputs upstream of `fromNodeId` it reuses. */
  rerunOfId?: string;
  fromNodeId?: string;
  /** The audit entry of this start, written with the run (its data gains `run_id`). */
  audit?: AuditInput;
  /** The workflow's row when the caller has just read it. */
  workflow?: { id: string; ownerId: string; version: number };
}

export async function runnerForWorkflows(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(WORKFLOW_RUN_JOB)) return runner;
  // Not started at boot (next dev, tests): start every handler now. Loaded here, not imported: the
  // executor it registers imports this file.
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  return startBackgroundJobs();
}

/** Compiled graphs by definition object (the pinned-version cache hands out the same objects): a run's start validates each version once. */
const compiledGraphs = new WeakMap<object, Graph | AppError>();

/** The version's graph, or 422 listing its problems (a draft saved with problems does not run). */
function compiled(definition: unknown): Graph {
  const known = definition !== null && typeof definition === "object" ? compiledGraphs.get(definition) : undefined;
  const result = known ?? compile(definition);
  if (!known && definition !== null && typeof definition === "object") compiledGraphs.set(definition, result);
  if (result instanceof AppError) throw result;
  return result;
}

function compile(definition: unknown): Graph | AppError {
  const parsed = workflowDefinition.safeParse(definition);
  if (!parsed.success) {
    return new AppError("VALIDATION_ERROR", "The workflow's definition cannot be read; fix it in the editor before running it", {
      issues: issuesOf(parsed.error).slice(0, 50).map((i) => ({ ...i, path: `definition.${i.path}` })),
    });
  }
  const problems = validateDefinition(parsed.data);
  return problems.length ? unrunnable(parsed.data, problems) : compileGraph(parsed.data);
}

async function subworkflowDepth(db: Db, parentRunId: string) {
  let depth = 0;
  let current: string | null = parentRunId;
  while (current && depth <= MAX_SUBWORKFLOW_DEPTH) {
    depth++;
    const parent: { parentRunId: string | null } | null = await db.workflowRun.findUnique({ where: { id: current }, select: { parentRunId: true } });
    current = parent?.parentRunId ?? null;
  }
  return depth;
}

interface PreparedRun {
  row: Prisma.WorkflowRunCreateManyInput & { id: string };
  audit?: AuditInput;
}

/**
 * Starts a run of a workflow for a user: checks they may run it (404 when they may not see it, 403
 * when their grant is below `use` or their role lacks workflows:execute), that the version is
 * runnable (422 listing its problems) and the input against the start node's fields (422 naming
 * each), then stores the run (queued, with the version it executes), its job and its audit entry in
 * one transaction, shared with the runs other requests start at the same moment (group commit).
 * Never runs the workflow here.
 */
export interface StartedRun {
  id: string;
  status: "queued";
  workflowId: string;
  trigger: string;
  createdAt: Date;
}

export async function startWorkflowRun(db: Db, start: StartRun): Promise<StartedRun> {
  const viewer = await viewerOf(db, start.userId);
  const workflow = !viewer ? null : (start.workflow ?? (await db.workflow.findUnique({ where: { id: start.workflowId }, select: { id: true, ownerId: true, version: true } })));
  if (!viewer || !workflow) throw notFound("Workflow");
  requireLevel(await workflowLevel(db, viewer, workflow.id, workflow.ownerId), "use");
  await requirePermission(db, viewer, "workflows:execute");

  const version = start.version ?? workflow.version;
  const definition = await pinnedDefinition(db, workflow.id, version);
  if (definition === null) throw notFound("Workflow version");
  const graph = compiled(definition);
  const entry = entryNode(graph, start.trigger);
  if (!entry) throw new AppError("VALIDATION_ERROR", "The workflow has no start node");

  const input = start.input ?? {};
  if (typeof input !== "object" || Array.isArray(input)) throw new AppError("VALIDATION_ERROR", "The input must be an object", { issues: [{ path: "input", message: "Must be an object" }] });
  const issues = inputIssues(entry, input as Record<string, unknown>);
  if (issues.length) throw new AppError("VALIDATION_ERROR", "The input does not match the workflow's start fields", { issues });
  if (start.parentRunId && (await subworkflowDepth(db, start.parentRunId)) >= MAX_SUBWORKFLOW_DEPTH) {
    throw new AppError("VALIDATION_ERROR", `Sub-workflows nest at most ${MAX_SUBWORKFLOW_DEPTH} deep`);
  }
  if (start.fromNodeId && !graph.nodes.has(start.fromNodeId)) throw new AppError("VALIDATION_ERROR", "No such node in this version", { issues: [{ path: "node_id", message: "Not a node of the run's version" }] });

  const runner = await runnerForWorkflows();
  const id = randomUUID();
  const createdAt = new Date();
  const prepared: PreparedRun = {
    row: {
      id,
      createdAt,
      workflowId: workflow.id,
      version,
      userId: viewer.userId,
      trigger: start.trigger,
      input: input as Prisma.InputJsonObject,
      parentRunId: start.parentRunId ?? null,
      parentStepId: start.parentStepId ?? null,
      rerunOfId: start.rerunOfId ?? null,
    },
    audit: start.audit && { ...start.audit, data: { ...start.audit.data, run_id: id } },
  };
  if (start.rerunOfId && start.fromNodeId) {
    // A re-run copies steps too: its own transaction.
    const { rerunOfId, fromNodeId } = start;
    const launch = await db.$transaction(async (tx) => {
      await tx.workflowRun.create({ data: prepared.row, select: { id: true } });
      await copyUpstreamSteps(tx, graph, rerunOfId, id, fromNodeId);
      if (prepared.audit) await recordAudits(tx, [prepared.audit]);
      return runner.enqueueWithin(tx, [{ name: WORKFLOW_RUN_JOB, payload: { run_id: id }, id }]);
    });
    await launched(db, [id], launch);
  } else {
    await starts(db)(prepared);
  }
  return { id, status: "queued", workflowId: workflow.id, trigger: start.trigger, createdAt };
}

/** Starts a committed group's jobs and announces the runs; runs whose job could not be sent are failed (503). */
async function launched(db: Db, ids: string[], launch: () => Promise<void>) {
  try {
    await launch();
  } catch (error) {
    console.error(`[workflows] could not enqueue runs ${ids.join(", ")}`, error);
    await db.workflowRun.updateMany({ where: { id: { in: ids }, status: "queued" }, data: { status: "failed", error: "Could not be queued", finishedAt: new Date() } });
    throw new AppError("SERVICE_UNAVAILABLE", "The run could not be started; try again");
  }
  for (const id of ids) new RunPublisher(id).run({ id, status: "queued" });
}

const globalForStarts = globalThis as unknown as { atriumWorkflowStarts?: { db: Db; start: (run: PreparedRun) => Promise<() => Promise<void>> } };

/** The process's group committer of run starts (per database client: tests open several). */
function starts(db: Db) {
  let current = globalForStarts.atriumWorkflowStarts;
  if (!current || current.db !== db) {
    current = {
      db,
      start: groupCommitter<PreparedRun, () => Promise<void>>(() => db, {
        maxBatch: 100,
        async write(tx, runs) {
          await tx.workflowRun.createMany({ data: runs.map((r) => r.row) });
          await recordAudits(tx, runs.flatMap((r) => (r.audit ? [r.audit] : [])));
          const runner = await runnerForWorkflows();
          const launch = await runner.enqueueWithin(tx, runs.map((r) => ({ name: WORKFLOW_RUN_JOB, payload: { run_id: r.row.id }, id: r.row.id })));
          return runs.map(() => launch);
        },
        afterCommit: (runs, launches) => launched(db, runs.map((r) => r.row.id), launches[0]),
      }),
    };
    globalForStarts.atriumWorkflowStarts = current;
  }
  return current.start;
}

/** A re-run keeps what happened upstream of its node: those steps are copied as they finished. */
async function copyUpstreamSteps(db: DbTx, graph: Graph, fromRunId: string, toRunId: string, nodeId: string) {
  const upstream = [...ancestorsOf(graph, nodeId)];
  if (!upstream.length) return;
  const steps = await db.workflowStep.findMany({ where: { runId: fromRunId, nodeId: { in: upstream }, status: { in: ["succeeded", "skipped"] } } });
  if (!steps.length) return;
  await db.workflowStep.createMany({
    data: steps.map((s) => ({
      runId: toRunId,
      nodeId: s.nodeId,
      nodeType: s.nodeType,
      status: s.status,
      input: s.input ?? undefined,
      output: s.output ?? undefined,
      handle: s.handle,
      attempts: 0,
      logs: [{ at: new Date().toISOString(), level: "info", message: `Reused from run ${fromRunId}` }],
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
    })) as Prisma.WorkflowStepCreateManyInput[],
  });
}

/**
 * The run if the viewer may `need` it: reading is the run's user or a `view` grant on its workflow;
 * controlling is the run's user or `edit`. Anyone else gets 404.
 */
async function accessibleRun({ db, viewer }: AuthedContext, id: string, need: "view" | "edit") {
  const run = await db.workflowRun.findUnique({ where: { id } });
  if (!run) throw notFound("Run");
  if (run.userId === viewer.userId) return run;
  const workflow = await db.workflow.findUnique({ where: { id: run.workflowId }, select: { ownerId: true } });
  const level = await workflowLevel(db, viewer, run.workflowId, workflow?.ownerId ?? null);
  if (!holds(level, "view")) throw notFound("Run");
  if (!holds(level, need)) throw new AppError("FORBIDDEN", "You may view this run but not control it (that needs the edit level on its workflow)");
  return run;
}

export async function getWorkflowRun(ctx: AuthedContext, id: string) {
  const run = await accessibleRun(ctx, id, "view");
  const steps = await ctx.db.workflowStep.findMany({ where: { runId: id }, orderBy: [{ startedAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }] });
  return runDto(run, steps);
}

/**
 * The runs the viewer may see, newest first: their own, and those of workflows they own or hold a
 * grant on. With `workflow_id`, that workflow's runs (only the viewer's own without access to it).
 */
export async function listWorkflowRuns(ctx: AuthedContext, query: ExecutionQuery) {
  const { db, viewer } = ctx;
  let where: Prisma.WorkflowRunWhereInput;
  if (query.workflow_id) {
    const workflow = await db.workflow.findUnique({ where: { id: query.workflow_id }, select: { ownerId: true } });
    const level = await workflowLevel(db, viewer, query.workflow_id, workflow?.ownerId ?? null);
    where = holds(level, "view") ? { workflowId: query.workflow_id } : { workflowId: query.workflow_id, userId: viewer.userId };
  } else if (viewer.role === "admin") {
    where = {};
  } else {
    const grants = await db.resourceGrant.findMany({ where: { userId: viewer.userId, resourceType: "workflow" }, select: { resourceId: true }, take: 1000 });
    const owned = await db.workflow.findMany({ where: { ownerId: viewer.userId }, select: { id: true }, take: 5000 });
    const ids = [...grants.map((g) => g.resourceId), ...owned.map((w) => w.id)];
    where = { OR: [{ userId: viewer.userId }, ...(ids.length ? [{ workflowId: { in: ids } }] : [])] };
  }
  if (query.status) where = { AND: [where, { status: query.status }] };
  const [items, total] = await Promise.all([
    db.workflowRun.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.page_size, take: query.page_size }),
    db.workflowRun.count({ where }),
  ]);
  return { items: items.map((r) => runDto(r)), total, page: query.page, page_size: query.page_size };
}

/**
 * Cancels a run that has not finished: the row first (so a resume or a heartbeat sees it), then its
 * running steps, then the process running it aborts them (this one at once, another at its next
 * heartbeat). Child runs of its sub-workflow steps are cancelled too. A finished run is answered as
 * it is.
 */
export async function cancelRunById(db: Db, id: string) {
  const now = new Date();
  const ended = await db.workflowRun.updateMany({
    where: { id, status: { in: ["queued", "running", "waiting", "paused"] } },
    data: { status: "cancelled", error: "The run was cancelled", finishedAt: now, owner: null },
  });
  if (ended.count !== 1) return;
  await db.workflowStep.updateMany({ where: { runId: id, status: { in: ["running", "waiting", "pending"] } }, data: { status: "cancelled", finishedAt: now } });
  localRuns.get(id)?.abort("The run was cancelled");
  await getJobRunner()
    .cancel(id)
    .catch(() => {});
  await new RunPublisher(id).end({ id, status: "cancelled", error: "The run was cancelled" });
  const children = await db.workflowRun.findMany({ where: { parentRunId: id, status: { in: ["queued", "running", "waiting", "paused"] } }, select: { id: true } });
  for (const child of children) await cancelRunById(db, child.id);
}

export async function cancelWorkflowRun(ctx: AuthedContext, id: string) {
  await accessibleRun(ctx, id, "edit");
  await cancelRunById(ctx.db, id);
  return getWorkflowRun(ctx, id);
}

/**
 * Pauses a run: no new node starts; the ones running finish and are kept. 409 for a finished run.
 * A queued, running or waiting run becomes `paused` (a decision that arrives meanwhile is stored on
 * its step and taken up on resume).
 */
export async function pauseWorkflowRun(ctx: AuthedContext, id: string) {
  const run = await accessibleRun(ctx, id, "edit");
  if (isFinishedRun(run.status)) throw new AppError("CONFLICT", `The run has already ${run.status}`);
  const paused = await ctx.db.workflowRun.updateMany({ where: { id, status: { in: ["queued", "running", "waiting"] } }, data: { status: "paused" } });
  if (paused.count === 1) {
    localRuns.get(id)?.pause();
    new RunPublisher(id).run({ id, status: "paused" });
  }
  return getWorkflowRun(ctx, id);
}

/** Resumes a paused run (queued again, its job picks up after its finished steps). 409 unless paused. */
export async function resumeWorkflowRun(ctx: AuthedContext, id: string) {
  const run = await accessibleRun(ctx, id, "edit");
  if (run.status !== "paused") throw new AppError("CONFLICT", `Only a paused run can be resumed; this one is ${run.status}`);
  const queued = await ctx.db.workflowRun.updateMany({ where: { id, status: "paused" }, data: { status: "queued" } });
  if (queued.count === 1) {
    new RunPublisher(id).run({ id, status: "queued" });
    const runner = await runnerForWorkflows();
    await runner.enqueue(WORKFLOW_RESUME_JOB, { run_id: id }, { id: randomUUID() });
  }
  return getWorkflowRun(ctx, id);
}

/**
 * Runs a run again from one of its nodes, as a new run (trigger `rerun`) of the same version with
 * the same input, whose steps upstream of that node are the earlier run's (not executed again).
 */
export async function rerunFromNode(ctx: AuthedContext, id: string, nodeId: string) {
  const run = await accessibleRun(ctx, id, "edit");
  const started = await startWorkflowRun(ctx.db, {
    workflowId: run.workflowId,
    userId: ctx.viewer.userId,
    input: run.input,
    trigger: "rerun",
    version: run.version,
    rerunOfId: run.id,
    fromNodeId: nodeId,
  });
  return getWorkflowRun(ctx, started.id);
}

/** POST /executions: a run for the viewer. */
export async function createExecution(ctx: AuthedContext, body: { workflow_id: string; input: Record<string, unknown>; version?: number }) {
  const started = await startWorkflowRun(ctx.db, { workflowId: body.workflow_id, userId: ctx.viewer.userId, input: body.input, trigger: "manual", version: body.version });
  return getWorkflowRun(ctx, started.id);
}

/** The run's row for its event stream (read access). */
export const runForEvents = (ctx: AuthedContext, id: string) => accessibleRun(ctx, id, "view");
