import { workflowRunDto, type WorkflowRunDto } from "@/features/workflows/runs/schemas";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { call, expectOk } from "../support/api";
import type { Person } from "../support/people";

/** Shared by the workflows-engine* and workflows-executions* tests: workflows stored directly, runs driven through /executions. */

export type N = { id: string; type: string; config?: Record<string, unknown>; retries?: number; timeout_ms?: number; name?: string };
export type E = [source: string, target: string, handle?: string];

export const definitionOf = (nodes: N[], edges: E[]) =>
  ({
    nodes: nodes.map((n) => ({ name: "", position: { x: 0, y: 0 }, config: {}, retries: 0, ...n })),
    edges: edges.map(([source, target, handle], i) => ({ id: `e${i}`, source, target, source_handle: handle ?? "out" })),
  }) as unknown as Prisma.InputJsonObject;

/** A workflow stored as its owner's editor would save it (row + version 1). */
export async function storeWorkflow(db: Db, owner: Pick<Person, "id">, nodes: N[], edges: E[]) {
  const definition = definitionOf(nodes, edges);
  const row = await db.workflow.create({ data: { ownerId: owner.id, name: "wf", definition, version: 1 } });
  await db.workflowVersion.create({ data: { workflowId: row.id, version: 1, name: "wf", definition, createdById: owner.id } });
  return row;
}

/** Saves a new version (as the editor does): the newest definition on the row, and its version row. */
export async function saveVersion(db: Db, workflowId: string, ownerId: string, nodes: N[], edges: E[]) {
  const definition = definitionOf(nodes, edges);
  const row = await db.workflow.update({ where: { id: workflowId }, data: { definition, version: { increment: 1 } } });
  await db.workflowVersion.create({ data: { workflowId, version: row.version, name: "wf", definition, createdById: ownerId } });
  return row.version;
}

/** Run calls against the harness's server (read when called: the harness fills it in beforeAll). */
export function runClient(harness: { http: { url: string } }) {
  const server = { get url() { return harness.http.url; } };
  const startRun = async (who: Person, workflowId: string, input: Record<string, unknown> = {}) =>
    expectOk(await call(server, "POST", "/executions", { token: who.token, json: { workflow_id: workflowId, input } }), 202, workflowRunDto);
  const getRun = async (who: Person, id: string) => expectOk(await call(server, "GET", `/executions/${id}`, { token: who.token }), 200, workflowRunDto);
  const control = async (who: Person, id: string, action: "pause" | "resume" | "cancel") => expectOk(await call(server, "POST", `/executions/${id}/${action}`, { token: who.token }), 200, workflowRunDto);
  async function untilRun(who: Person, id: string, accept: (run: WorkflowRunDto) => boolean = (r) => ["succeeded", "failed", "cancelled"].includes(r.status), timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await getRun(who, id);
      if (accept(run)) return run;
      if (Date.now() > deadline) throw new Error(`timed out; run is ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return { startRun, getRun, control, untilRun };
}

export const stepOf = (run: WorkflowRunDto, nodeId: string) => {
  const step = run.steps!.find((s) => s.node_id === nodeId);
  if (!step) throw new Error(`no step ${nodeId} in ${JSON.stringify(run.steps)}`);
  return step;
};
export const statuses = (run: WorkflowRunDto) => Object.fromEntries(run.steps!.map((s) => [s.node_id, s.status]));
