import "server-only";
import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { requirePermission } from "@/features/permissions/service/check";
import type { WorkflowDefinition, WorkflowNode } from "../definition";
import type { nodeTestBody } from "../schemas";
import { startWorkflowRun, validateDefinition } from "./engine-link";
import { MAX_WAIT_MS, waitForRun } from "./execute";

/**
 * POST /nodes/test runs one node as a real run (trigger `node_test`) through the job runner, so it
 * behaves exactly as in a workflow. The run needs a workflow version to execute: each caller has one
 * hidden scratch workflow (marked by NODE_TEST_MARKER, left out of lists) whose versions are the
 * tests' graphs: start -> one transform per given earlier output -> the node -> end.
 */
export const NODE_TEST_MARKER = "__node_test__";
/** Versions of the scratch workflow kept (older tests' graphs are pruned). */
const KEEP_VERSIONS = 20;
/** Where the given outputs of earlier nodes travel in the test run's input. */
const OUTPUTS_KEY = "__node_outputs";

/** Workflows that are not scratch workflows (for lists and counts). */
export const notScratch: Prisma.WorkflowWhereInput = { OR: [{ templateId: null }, { templateId: { not: NODE_TEST_MARKER } }] };

function testGraph(node: { id: string; type: WorkflowNode["type"]; config: Record<string, unknown> }, earlier: string[]): WorkflowDefinition {
  const ids = new Set([node.id, ...earlier]);
  const free = (base: string) => {
    let id = base;
    for (let i = 2; ids.has(id); i++) id = `${base}_${i}`;
    ids.add(id);
    return id;
  };
  const start = free("start");
  const end = free("end");
  const chain = [start, ...earlier, node.id, end];
  const at = (i: number) => ({ x: 0, y: i * 140 });
  return {
    nodes: [
      { id: start, type: "start", name: "Test input", config: { input_schema: [] }, position: at(0), retries: 0 },
      ...earlier.map((id, i) => ({ id, type: "transform" as const, name: id, config: { expression: `input.${OUTPUTS_KEY}."${id}"` }, position: at(i + 1), retries: 0 })),
      { id: node.id, type: node.type, name: node.id, config: node.config, position: at(earlier.length + 1), retries: 0 },
      { id: end, type: "end", name: "End", config: { output: {} }, position: at(earlier.length + 2), retries: 0 },
    ],
    edges: chain.slice(1).map((target, i) => ({ id: `${chain[i]}-${target}`, source: chain[i], target, source_handle: "out" })),
  };
}

export async function testNode(ctx: AuthedContext, body: z.output<typeof nodeTestBody>, signal?: AbortSignal) {
  const { db, viewer } = ctx;
  await requirePermission(db, viewer, "workflows:execute");
  if (["start", "end", "webhook_trigger", "schedule_trigger", "parallel", "merge"].includes(body.node.type)) {
    throw new AppError("VALIDATION_ERROR", `A ${body.node.type} node has nothing to test on its own`, { issues: [{ path: "body.node.type", message: "Test a node that does work (llm, code, http...)" }] });
  }
  const earlier = Object.keys(body.nodes).filter((id) => id !== body.node.id);
  const definition = testGraph(body.node, earlier);
  const issues = validateDefinition(definition).filter((i) => i.node_id === body.node.id);
  if (issues.length) {
    throw new AppError("VALIDATION_ERROR", `The node's config has problems: ${issues[0].message}`, {
      issues: issues.map((i) => ({ path: `body.node.config${i.field ? `.${i.field}` : ""}`, message: i.message })),
    });
  }
  const version = await saveScratchVersion(ctx, definition);
  const run = await startWorkflowRun(db, {
    workflowId: version.workflowId, userId: viewer.userId, trigger: "node_test", version: version.version,
    input: { ...body.input, [OUTPUTS_KEY]: Object.fromEntries(earlier.map((id) => [id, body.nodes[id]])) },
  });
  const finished = await waitForRun(db, run.id, MAX_WAIT_MS, signal);
  const step = await db.workflowStep.findUnique({ where: { runId_nodeId: { runId: run.id, nodeId: body.node.id } } });
  return {
    execution_id: run.id,
    status: step?.status ?? finished.status,
    output: step?.output ?? undefined,
    error: step?.error ?? (finished.status === "failed" ? finished.error : null),
    logs: Array.isArray(step?.logs) ? (step.logs as unknown[]) : [],
    duration_ms: step?.startedAt && step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : null,
  };
}

/** The caller's scratch workflow, created on first use, with the test's graph as a new version. */
async function saveScratchVersion({ db, viewer }: AuthedContext, definition: WorkflowDefinition) {
  const json = definition as unknown as Prisma.InputJsonValue;
  return db.$transaction(async (tx) => {
    let scratch = await tx.workflow.findFirst({ where: { ownerId: viewer.userId, templateId: NODE_TEST_MARKER } });
    if (!scratch) {
      scratch = await tx.workflow.create({ data: { ownerId: viewer.userId, name: "Node tests", description: "Runs of POST /nodes/test", definition: json, templateId: NODE_TEST_MARKER, version: 0 } });
    }
    const updated = await tx.workflow.update({ where: { id: scratch.id }, data: { definition: json, version: { increment: 1 } } });
    await tx.workflowVersion.create({ data: { workflowId: scratch.id, version: updated.version, name: scratch.name, definition: json, message: "Node test", createdById: viewer.userId } });
    await tx.workflowVersion.deleteMany({ where: { workflowId: scratch.id, version: { lte: updated.version - KEEP_VERSIONS } } });
    return { workflowId: scratch.id, version: updated.version };
  });
}
