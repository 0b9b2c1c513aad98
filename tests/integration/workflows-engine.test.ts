import { describe, expect, it } from "vitest";
import { workflowRunDto, type WorkflowRunDto } from "@/features/workflows/runs/schemas";
import type { Db } from "@/server/db/client";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();

type N = { id: string; type: string; config?: Record<string, unknown>; retries?: number; timeout_ms?: number; name?: string };
type E = [source: string, target: string, handle?: string];

/** A workflow stored as its owner's editor would save it (row + version 1). */
async function workflow(db: Db, owner: Person, nodes: N[], edges: E[]) {
  const definition = {
    nodes: nodes.map((n) => ({ name: "", position: { x: 0, y: 0 }, config: {}, retries: 0, ...n })),
    edges: edges.map(([source, target, handle], i) => ({ id: `e${i}`, source, target, source_handle: handle ?? "out" })),
  };
  const row = await db.workflow.create({ data: { ownerId: owner.id, name: "wf", definition, version: 1 } });
  await db.workflowVersion.create({ data: { workflowId: row.id, version: 1, name: "wf", definition, createdById: owner.id } });
  return row;
}

const start = async (who: Person, workflowId: string, input: Record<string, unknown> = {}) =>
  expectOk(await call(api.http, "POST", "/executions", { token: who.token, json: { workflow_id: workflowId, input } }), 202, workflowRunDto);

const getRun = async (who: Person, id: string) => expectOk(await call(api.http, "GET", `/executions/${id}`, { token: who.token }), 200, workflowRunDto);

async function untilRun(who: Person, id: string, accept: (run: WorkflowRunDto) => boolean = (r) => ["succeeded", "failed", "cancelled"].includes(r.status), timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(who, id);
    if (accept(run)) return run;
    if (Date.now() > deadline) throw new Error(`timed out; run is ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const stepOf = (run: WorkflowRunDto, nodeId: string) => run.steps!.find((s) => s.node_id === nodeId);

describe("workflow engine: flow nodes", () => {
  it("runs start → end with the end node's output mapping as the run's output", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflow(api.db, ana, [
      { id: "start", type: "start", config: { input_schema: [{ name: "who", type: "string", required: true }] } },
      { id: "end", type: "end", config: { output: { greeting: "Hello {{ input.who }}", same: "{{ input.who }}" } } },
    ], [["start", "end"]]);
    const queued = await start(ana, wf.id, { who: "Ana" });
    expect(queued.status).toMatch(/queued|running|succeeded/);
    const run = await untilRun(ana, queued.id);
    expect(run.status).toBe("succeeded");
    expect(run.output).toEqual({ greeting: "Hello Ana", same: "Ana" });
    expect(run.steps!.map((s) => [s.node_id, s.status, s.attempts])).toEqual([["start", "succeeded", 1], ["end", "succeeded", 1]]);
  });

  it("refuses an input missing a required start field (422 naming it)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflow(api.db, ana, [{ id: "start", type: "start", config: { input_schema: [{ name: "n", type: "number", required: true }] } }], []);
    const res = await call(api.http, "POST", "/executions", { token: ana.token, json: { workflow_id: wf.id, input: {} } });
    const problem = expectProblem(res, 422);
    expect(problem.issues?.map((i) => i.path)).toEqual(["body.input.n"]);
    expectProblem(await call(api.http, "POST", "/executions", { token: ana.token, json: { workflow_id: wf.id, input: { n: "x" } } }), 422);
  });

  it("runs parallel branches at the same time and merges them", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "fork", type: "parallel" },
      { id: "a", type: "delay", config: { seconds: 0.3 } },
      { id: "b", type: "delay", config: { seconds: 0.3 } },
      { id: "join", type: "merge" },
      { id: "end", type: "end" },
    ], [["start", "fork"], ["fork", "a"], ["fork", "b"], ["a", "join"], ["b", "join"], ["join", "end"]]);
    const run = await untilRun(ana, (await start(ana, wf.id, { x: 1 })).id);
    expect(run.status).toBe("succeeded");
    const a = stepOf(run, "a")!;
    const b = stepOf(run, "b")!;
    const span = Math.max(Date.parse(a.finished_at!), Date.parse(b.finished_at!)) - Math.min(Date.parse(a.started_at!), Date.parse(b.started_at!));
    expect(span).toBeLessThan(550);
    expect(stepOf(run, "join")!.output).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it("skips the branch a condition did not take, and what only it leads to", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "check", type: "condition", config: { expression: "input.n > 5" } },
      { id: "big", type: "transform", config: { expression: "'big'" } },
      { id: "small", type: "transform", config: { expression: "'small'" } },
      { id: "after_small", type: "transform", config: { expression: "'x'" } },
      { id: "end", type: "end", config: { output: { big: "{{ nodes.big.output }}" } } },
    ], [["start", "check"], ["check", "big", "true"], ["check", "small", "false"], ["small", "after_small"], ["big", "end"], ["after_small", "end"]]);
    const run = await untilRun(ana, (await start(ana, wf.id, { n: 9 })).id);
    expect(run.status).toBe("succeeded");
    expect(Object.fromEntries(run.steps!.map((s) => [s.node_id, s.status]))).toEqual({ start: "succeeded", check: "succeeded", big: "succeeded", small: "skipped", after_small: "skipped", end: "succeeded" });
    expect(stepOf(run, "check")!.handle).toBe("true");
    expect(run.output).toEqual({ big: "big" });
  });
});
