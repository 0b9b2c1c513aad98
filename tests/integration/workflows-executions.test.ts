import { describe, expect, it } from "vitest";
import { expireOverdue } from "@/features/approvals/service/approvals";
import { runEvents, workflowRunDto, workflowRunPage } from "@/features/workflows/runs/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";
import { callerFor, expectTrpcError } from "../support/trpc";
import { runClient, stepOf, storeWorkflow } from "./workflows-engine.helpers";

const api = setupApi();
const { startRun, untilRun } = runClient(api);

const events = (who: Person, id: string, lastEventId?: string) =>
  openSse(`${api.http.url}/api/v1/executions/${id}/events`, { authorization: `Bearer ${who.token}`, ...(lastEventId ? { "last-event-id": lastEventId } : {}) });

const grant = (workflowId: string, to: Person, level: string) => api.db.resourceGrant.create({ data: { resourceType: "workflow", resourceId: workflowId, userId: to.id, level } });

async function threeSteps(owner: Person) {
  return storeWorkflow(api.db, owner, [
    { id: "start", type: "start" },
    { id: "a", type: "transform", config: { expression: "1" } },
    { id: "b", type: "transform", config: { expression: "2" } },
    { id: "end", type: "end" },
  ], [["start", "a"], ["a", "b"], ["b", "end"]]);
}

describe("executions: events", () => {
  it("streams a run's events (run, step) ending with its last run event; Last-Event-ID replays exactly the rest", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await threeSteps(ana);
    const queued = await startRun(ana, wf.id);
    const live = await events(ana, queued.id);
    const all = await live.rest();
    expect(all.length).toBeGreaterThan(8);
    const last = all.at(-1)!;
    expect(last.event).toBe("run");
    expect(runEvents.run.parse(JSON.parse(last.data))).toMatchObject({ id: queued.id, status: "succeeded" });
    const steps = all.filter((e) => e.event === "step").map((e) => runEvents.step.parse(JSON.parse(e.data)));
    expect(steps.filter((s) => s.status === "succeeded").map((s) => s.node_id)).toEqual(["start", "a", "b", "end"]);
    expect(steps.filter((s) => s.status === "running").map((s) => s.node_id)).toEqual(["start", "a", "b", "end"]);

    const again = await events(ana, queued.id, all[2].id);
    const rest = await again.rest();
    expect(rest.map((e) => [e.id, e.event, e.data])).toEqual(all.slice(3).map((e) => [e.id, e.event, e.data]));
    // After the last event there is nothing more: an empty stream that ends.
    expect(await (await events(ana, queued.id, last.id)).rest()).toEqual([]);
  });
});

describe("executions: access", () => {
  it("another user gets 404 for a run, its events and its controls; a view grant reads but may not control (403); edit controls", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const cy = await person(api.http, api.db, "cy");
    const wf = await storeWorkflow(api.db, ana, [{ id: "start", type: "start" }, { id: "ask", type: "approval", config: { title: "ok?" } }], [["start", "ask"]]);
    const queued = await startRun(ana, wf.id);
    await untilRun(ana, queued.id, (r) => r.status === "waiting");

    expectProblem(await call(api.http, "GET", `/executions/${queued.id}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "GET", `/executions/${queued.id}/events`, { token: ben.token }), 404);
    for (const action of ["pause", "resume", "cancel"]) expectProblem(await call(api.http, "POST", `/executions/${queued.id}/${action}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "POST", `/executions/${queued.id}/rerun`, { token: ben.token, json: { node_id: "ask" } }), 404);
    expectProblem(await call(api.http, "POST", "/executions", { token: ben.token, json: { workflow_id: wf.id, input: {} } }), 404);
    expect(expectOk(await call(api.http, "GET", "/executions", { token: ben.token }), 200, workflowRunPage).total).toBe(0);

    await grant(wf.id, ben, "view");
    expect(expectOk(await call(api.http, "GET", `/executions/${queued.id}`, { token: ben.token }), 200, workflowRunDto).status).toBe("waiting");
    expectProblem(await call(api.http, "POST", `/executions/${queued.id}/pause`, { token: ben.token }), 403);
    expectProblem(await call(api.http, "POST", "/executions", { token: ben.token, json: { workflow_id: wf.id, input: {} } }), 403);
    expect(expectOk(await call(api.http, "GET", `/executions?workflow_id=${wf.id}`, { token: ben.token }), 200, workflowRunPage).total).toBe(1);

    await grant(wf.id, cy, "edit");
    expect(expectOk(await call(api.http, "POST", `/executions/${queued.id}/cancel`, { token: cy.token }), 200, workflowRunDto).status).toBe("cancelled");
  });

  it("lists runs newest first with paging and filters; bad filters are 422", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await threeSteps(ana);
    const other = await threeSteps(ana);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await untilRun(ana, (await startRun(ana, wf.id)).id)).id);
    await untilRun(ana, (await startRun(ana, other.id)).id);
    const page = expectOk(await call(api.http, "GET", `/executions?workflow_id=${wf.id}&page_size=2`, { token: ana.token }), 200, workflowRunPage);
    expect(page).toMatchObject({ total: 3, page: 1, page_size: 2 });
    expect(page.items.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(page.items[0].steps).toBeUndefined();
    const second = expectOk(await call(api.http, "GET", `/executions?workflow_id=${wf.id}&page_size=2&page=2`, { token: ana.token }), 200, workflowRunPage);
    expect(second.items.map((r) => r.id)).toEqual([ids[0]]);
    expect(expectOk(await call(api.http, "GET", "/executions?status=succeeded", { token: ana.token }), 200, workflowRunPage).total).toBe(4);
    expect(expectOk(await call(api.http, "GET", "/executions?status=failed", { token: ana.token }), 200, workflowRunPage).total).toBe(0);
    expectProblem(await call(api.http, "GET", "/executions?status=nope", { token: ana.token }), 422);
    expectProblem(await call(api.http, "GET", "/executions?workflow_id=nope", { token: ana.token }), 422);
    expectProblem(await call(api.http, "GET", "/executions/not-a-uuid", { token: ana.token }), 422);
    expectProblem(await call(api.http, "POST", "/executions", { token: ana.token, json: { workflow_id: wf.id, input: [1] } }), 422);
    expectProblem(await call(api.http, "GET", "/executions"), 401);
  });
});

describe("executions: approval expiry and the tRPC procedures", () => {
  it("an approval that expires undecided takes the rejected branch with status expired", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await storeWorkflow(api.db, ana, [
      { id: "start", type: "start" },
      { id: "ask", type: "approval", config: { title: "ok?", timeout_minutes: 1 } },
      { id: "yes", type: "transform", config: { expression: "'yes'" } },
      { id: "no", type: "transform", config: { expression: "'no'" } },
    ], [["start", "ask"], ["ask", "yes", "approved"], ["ask", "no", "rejected"]]);
    const queued = await startRun(ana, wf.id);
    const waiting = await untilRun(ana, queued.id, (r) => r.status === "waiting");
    await api.db.approval.update({ where: { id: stepOf(waiting, "ask").approval_id! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expireOverdue(api.db);
    const run = await untilRun(ana, queued.id);
    expect(run.status).toBe("succeeded");
    expect(stepOf(run, "ask")).toMatchObject({ handle: "rejected", output: { status: "expired" } });
    expect(run.output).toBe("no");
  });

  it("start, get, list, pause, resume, cancel and rerunFrom through tRPC", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const wf = await threeSteps(ana);
    const trpc = callerFor(api.db, ana.id).workflows.runs;
    const started = await trpc.start({ workflow_id: wf.id, input: {} });
    const done = await untilRun(ana, started.id);
    expect((await trpc.get({ id: started.id })).steps).toHaveLength(4);
    expect((await trpc.list({ workflow_id: wf.id, page: 1, page_size: 20 })).total).toBe(1);
    const again = await trpc.rerunFrom({ id: done.id, node_id: "b" });
    expect(again.rerun_of_id).toBe(done.id);
    expect((await untilRun(ana, again.id)).status).toBe("succeeded");
    await expectTrpcError(trpc.pause({ id: done.id }), "CONFLICT");
    await expectTrpcError(trpc.resume({ id: done.id }), "CONFLICT");
    expect((await trpc.cancel({ id: done.id })).status).toBe("succeeded");
    await expectTrpcError(callerFor(api.db, ben.id).workflows.runs.get({ id: done.id }), "NOT_FOUND");
  });
});
