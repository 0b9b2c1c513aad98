import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workflowRunDto } from "@/features/workflows/runs/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { startFetchServer, type TestServer } from "../support/http";
import { person } from "../support/people";
import { runClient, saveVersion, statuses, stepOf, storeWorkflow } from "./workflows-engine.helpers";

const api = setupApi();
const { startRun, getRun, control, untilRun } = runClient(api);

/** A local server whose /flaky answers 503 to the first N calls of each key, then 200. */
let flaky: TestServer;
const calls = new Map<string, number>();
let restoreEnv = () => {};
beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
  flaky = await startFetchServer(async (request) => {
    const url = new URL(request.url);
    const key = url.searchParams.get("key") ?? "";
    const failures = Number(url.searchParams.get("fail") ?? 0);
    const seen = (calls.get(key) ?? 0) + 1;
    calls.set(key, seen);
    if (url.searchParams.has("status")) return new Response("no", { status: Number(url.searchParams.get("status")) });
    return seen <= failures ? new Response("busy", { status: 503 }) : Response.json({ call: seen });
  });
});
afterAll(async () => {
  await flaky?.close();
  restoreEnv();
});

describe("workflow engine: waiting nodes", () => {
  it("an approval parks the run; approving continues on the approved branch", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "ask", type: "approval", config: { title: "Ship it?", description: "Ship {{ input.what }}" } },
      { id: "yes", type: "transform", config: { expression: "'shipped'" } },
      { id: "no", type: "transform", config: { expression: "'held'" } },
      { id: "end", type: "end" },
    ], [["start", "ask"], ["ask", "yes", "approved"], ["ask", "no", "rejected"], ["yes", "end"], ["no", "end"]]);
    const queued = await startRun(ana, wf.id, { what: "v2" });
    const waiting = await untilRun(ana, queued.id, (r) => r.status === "waiting");
    const ask = stepOf(waiting, "ask");
    expect(ask.status).toBe("waiting");
    const approval = await api.db.approval.findUniqueOrThrow({ where: { id: ask.approval_id! } });
    expect(approval).toMatchObject({ source: "workflow", ownerId: ana.id, description: "Ship v2", status: "pending" });
    expectOk(await call(api.http, "POST", `/approval/${approval.id}/decision`, { token: ana.token, json: { decision: "approve", comment: "go" } }), 200, (await import("zod")).z.unknown());
    const run = await untilRun(ana, queued.id);
    expect(run.status).toBe("succeeded");
    expect(statuses(run)).toMatchObject({ ask: "succeeded", yes: "succeeded", no: "skipped", end: "succeeded" });
    expect(stepOf(run, "ask")).toMatchObject({ handle: "approved", output: { status: "approved", comment: "go", decided_by: ana.id } });
    expect(run.output).toEqual({ yes: "shipped" });
  });

  it("rejecting takes the rejected branch", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "ask", type: "approval", config: { title: "Ship it?" } },
      { id: "yes", type: "transform", config: { expression: "'shipped'" } },
      { id: "no", type: "transform", config: { expression: "'held'" } },
    ], [["start", "ask"], ["ask", "yes", "approved"], ["ask", "no", "rejected"]]);
    const queued = await startRun(ana, wf.id);
    const waiting = await untilRun(ana, queued.id, (r) => r.status === "waiting");
    await call(api.http, "POST", `/approval/${stepOf(waiting, "ask").approval_id}/decision`, { token: ana.token, json: { decision: "reject" } });
    const run = await untilRun(ana, queued.id);
    expect(statuses(run)).toMatchObject({ ask: "succeeded", yes: "skipped", no: "succeeded" });
    expect(stepOf(run, "ask").handle).toBe("rejected");
    expect(run.output).toBe("held");
  });

  it("a long delay parks the run waiting and wakes it at its time", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "wait", type: "delay", config: { seconds: 2.5 } },
      { id: "end", type: "end", config: { output: { v: "{{ nodes.wait.output.v }}" } } },
    ], [["start", "wait"], ["wait", "end"]]);
    const began = Date.now();
    const queued = await startRun(ana, wf.id, { v: 7 });
    const waiting = await untilRun(ana, queued.id, (r) => r.status === "waiting");
    expect(stepOf(waiting, "wait").output).toHaveProperty("wake_at");
    const run = await untilRun(ana, queued.id);
    expect(run.status).toBe("succeeded");
    expect(Date.now() - began).toBeGreaterThanOrEqual(2400);
    expect(run.output).toEqual({ v: 7 });
  });

  it("a sub-workflow runs as a child run; its output is the step's output", async () => {
    const ana = await person(api.http, api.db, "ana");
    const child = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "end", type: "end", config: { output: { doubled: "{{ input.n * 2 }}" } } },
    ], [["start", "end"]]);
    const parent = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "sub", type: "subworkflow", config: { workflow_id: child.id, input: { n: "{{ input.n }}" } } },
      { id: "end", type: "end", config: { output: { got: "{{ nodes.sub.output.doubled }}" } } },
    ], [["start", "sub"], ["sub", "end"]]);
    const run = await untilRun(ana, (await startRun(ana, parent.id, { n: 21 })).id);
    expect(run.status).toBe("succeeded");
    expect(run.output).toEqual({ got: 42 });
    const childRun = await getRun(ana, stepOf(run, "sub").child_run_id!);
    expect(childRun).toMatchObject({ trigger: "subworkflow", parent_run_id: run.id, status: "succeeded", input: { n: 21 } });
  });

  it("a workflow calling itself stops at depth 5 with a failed step", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [{ id: "start", type: "start" }], []);
    await saveVersion(api.db, wf.id, ana.id, [
      { id: "start", type: "start" },
      { id: "again", type: "subworkflow", config: { workflow_id: wf.id } },
    ], [["start", "again"]]);
    const run = await untilRun(ana, (await startRun(ana, wf.id)).id, undefined, 30_000);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/sub-workflow/i);
    const runs = await api.db.workflowRun.count({ where: { workflowId: wf.id } });
    expect(runs).toBe(5);
  });
});

describe("workflow engine: retries, timeouts, failures", () => {
  it("retries a failing node with backoff until it succeeds", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "fetch", type: "http", retries: 3, config: { url: `${flaky.url}/flaky?key=r1&fail=2` } },
    ], [["start", "fetch"]]);
    const run = await untilRun(ana, (await startRun(ana, wf.id)).id);
    expect(run.status).toBe("succeeded");
    const fetch = stepOf(run, "fetch");
    expect(fetch.attempts).toBe(3);
    expect(fetch.output).toMatchObject({ status: 200, body: { call: 3 } });
    expect(fetch.logs.filter((l) => l.level === "warn")).toHaveLength(2);
  });

  it("fails the run after the last retry; a failure a retry cannot fix is not retried", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "fetch", type: "http", retries: 1, config: { url: `${flaky.url}/flaky?key=r2&fail=9` } },
    ], [["start", "fetch"]]);
    const run = await untilRun(ana, (await startRun(ana, wf.id)).id);
    expect(run.status).toBe("failed");
    expect(stepOf(run, "fetch")).toMatchObject({ status: "failed", attempts: 2 });
    expect(run.error).toMatch(/^fetch: /);

    const bad = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "oops", type: "http", retries: 3, config: { url: `${flaky.url}/flaky?key=r3&status=404` } },
    ], [["start", "oops"]]);
    const badRun = await untilRun(ana, (await startRun(ana, bad.id)).id);
    expect(badRun.status).toBe("failed");
    expect(stepOf(badRun, "oops").attempts).toBe(1);
    expect(calls.get("r3")).toBe(1);
  });

  it("refuses to start a version with problems (422 naming the node and field)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bad = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "oops", type: "transform", config: { expression: "$notAFunction(" } },
    ], [["start", "oops"]]);
    const problem = expectProblem(await call(api.http, "POST", "/executions", { token: ana.token, json: { workflow_id: bad.id, input: {} } }), 422);
    // The same place every way of running a workflow names it (execute, webhooks, batch): the node's index in the definition.
    expect(problem.issues?.map((i) => i.path)).toEqual(["definition.nodes.1.config.expression"]);
    expect(problem.issues?.[0].message).toMatch(/^oops: /);
  });

  it("times out an attempt after timeout_ms and retries it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "slow", type: "delay", retries: 1, timeout_ms: 200, config: { seconds: 1.5 } },
    ], [["start", "slow"]]);
    const began = Date.now();
    const run = await untilRun(ana, (await startRun(ana, wf.id)).id);
    expect(run.status).toBe("failed");
    expect(stepOf(run, "slow")).toMatchObject({ attempts: 2, error: "Timed out after 200 ms" });
    expect(Date.now() - began).toBeLessThan(1500);
  });

  it("a failed branch stops the other running branch (recorded cancelled)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "slow", type: "delay", config: { seconds: 1.5 } },
      { id: "bad", type: "transform", config: { expression: "$error('no')" } },
      { id: "after", type: "transform", config: { expression: "1" } },
    ], [["start", "slow"], ["start", "bad"], ["slow", "after"]]);
    const began = Date.now();
    const run = await untilRun(ana, (await startRun(ana, wf.id)).id);
    expect(run.status).toBe("failed");
    expect(statuses(run)).toMatchObject({ slow: "cancelled", bad: "failed" });
    expect(run.steps!.find((s) => s.node_id === "after")).toBeUndefined();
    expect(Date.now() - began).toBeLessThan(1400);
  });
});

describe("workflow engine: control", () => {
  it("cancel stops a running run: running steps are cancelled, nothing after them starts", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "slow", type: "delay", config: { seconds: 1.8 } },
      { id: "after", type: "transform", config: { expression: "1" } },
    ], [["start", "slow"], ["slow", "after"]]);
    const queued = await startRun(ana, wf.id);
    await untilRun(ana, queued.id, (r) => r.steps!.some((s) => s.node_id === "slow" && s.status === "running"));
    const cancelled = await control(ana, queued.id, "cancel");
    expect(cancelled.status).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const run = await getRun(ana, queued.id);
    expect(run.status).toBe("cancelled");
    expect(statuses(run)).toEqual({ start: "succeeded", slow: "cancelled" });
    // A finished run is answered as it is; pausing it is a conflict.
    expect((await control(ana, queued.id, "cancel")).status).toBe("cancelled");
    expectProblem(await call(api.http, "POST", `/executions/${queued.id}/pause`, { token: ana.token }), 409);
  });

  it("cancel ends a waiting run", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [{ id: "start", type: "start" }, { id: "ask", type: "approval", config: { title: "ok?" } }], [["start", "ask"]]);
    const queued = await startRun(ana, wf.id);
    await untilRun(ana, queued.id, (r) => r.status === "waiting");
    const run = await control(ana, queued.id, "cancel");
    expect(run.status).toBe("cancelled");
    expect(stepOf(run, "ask").status).toBe("cancelled");
  });

  it("pause lets the running node finish and starts nothing more; resume continues without re-running it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "a", type: "delay", config: { seconds: 0.6 } },
      { id: "b", type: "transform", config: { expression: "'b'" } },
    ], [["start", "a"], ["a", "b"]]);
    const queued = await startRun(ana, wf.id);
    await untilRun(ana, queued.id, (r) => r.steps!.some((s) => s.node_id === "a" && s.status === "running"));
    expect((await control(ana, queued.id, "pause")).status).toBe("paused");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const paused = await getRun(ana, queued.id);
    expect(paused.status).toBe("paused");
    expect(statuses(paused)).toEqual({ start: "succeeded", a: "succeeded" });
    expect((await control(ana, queued.id, "pause")).status).toBe("paused");
    await control(ana, queued.id, "resume");
    const run = await untilRun(ana, queued.id);
    expect(run.status).toBe("succeeded");
    expect(statuses(run)).toEqual({ start: "succeeded", a: "succeeded", b: "succeeded" });
    expect(run.steps!.every((s) => s.attempts === 1)).toBe(true);
    expectProblem(await call(api.http, "POST", `/executions/${queued.id}/resume`, { token: ana.token }), 409);
  });

  it("resume right after pause, while the paused node still runs, neither runs it twice nor loses the run", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "a", type: "http", config: { url: `${flaky.url}/flaky?key=pr-a` } },
      { id: "d", type: "delay", config: { seconds: 0.8 } },
      { id: "b", type: "http", config: { url: `${flaky.url}/flaky?key=pr-b` } },
    ], [["start", "a"], ["a", "d"], ["d", "b"]]);
    const queued = await startRun(ana, wf.id);
    await untilRun(ana, queued.id, (r) => r.steps!.some((s) => s.node_id === "d" && s.status === "running"));
    await control(ana, queued.id, "pause");
    await control(ana, queued.id, "resume");
    const run = await untilRun(ana, queued.id);
    expect(run.status).toBe("succeeded");
    expect(run.steps!.map((s) => [s.node_id, s.status, s.attempts])).toEqual([["start", "succeeded", 1], ["a", "succeeded", 1], ["d", "succeeded", 1], ["b", "succeeded", 1]]);
    expect([calls.get("pr-a"), calls.get("pr-b")]).toEqual([1, 1]);
  });

  it("a run executes the version it started with, even when the workflow is saved meanwhile", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "wait", type: "delay", config: { seconds: 0.5 } },
      { id: "end", type: "end", config: { output: { v: "one" } } },
    ], [["start", "wait"], ["wait", "end"]]);
    const queued = await startRun(ana, wf.id);
    await saveVersion(api.db, wf.id, ana.id, [
      { id: "start", type: "start" },
      { id: "wait", type: "delay", config: { seconds: 0.5 } },
      { id: "end", type: "end", config: { output: { v: "two" } } },
    ], [["start", "wait"], ["wait", "end"]]);
    const run = await untilRun(ana, queued.id);
    expect(run).toMatchObject({ version: 1, output: { v: "one" } });
    const next = await untilRun(ana, (await startRun(ana, wf.id)).id);
    expect(next).toMatchObject({ version: 2, output: { v: "two" } });
  });

  it("re-running from a node reuses the steps before it and runs it and what follows", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "a", type: "http", config: { url: `${flaky.url}/flaky?key=rerun-a` } },
      { id: "b", type: "http", config: { url: `${flaky.url}/flaky?key=rerun-b` } },
      { id: "end", type: "end", config: { output: { a: "{{ nodes.a.output.body.call }}", b: "{{ nodes.b.output.body.call }}" } } },
    ], [["start", "a"], ["a", "b"], ["b", "end"]]);
    const first = await untilRun(ana, (await startRun(ana, wf.id, { q: 1 })).id);
    expect(first.output).toEqual({ a: 1, b: 1 });
    const again = expectOk(await call(api.http, "POST", `/executions/${first.id}/rerun`, { token: ana.token, json: { node_id: "b" } }), 202, workflowRunDto);
    expect(again).toMatchObject({ trigger: "rerun", rerun_of_id: first.id, version: 1, input: { q: 1 } });
    const run = await untilRun(ana, again.id);
    expect(run.output).toEqual({ a: 1, b: 2 });
    expect(stepOf(run, "a").attempts).toBe(0);
    expect(stepOf(run, "b").attempts).toBe(1);
    expect(calls.get("rerun-a")).toBe(1);
    expectProblem(await call(api.http, "POST", `/executions/${first.id}/rerun`, { token: ana.token, json: { node_id: "nope" } }), 422);
  });
});
