import { describe, expect, it } from "vitest";
import { call, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person } from "../support/people";
import { runClient, stepOf, storeWorkflow } from "./workflows-engine.helpers";

const api = setupApi();

const { startRun: start, untilRun } = runClient(api);
const workflow = storeWorkflow;

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
