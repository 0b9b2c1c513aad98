import { describe, expect, it } from "vitest";
import { schedule, schedulePage, scheduleTriggerResult, workflow } from "@/features/workflows/schemas";
import { fireDueSchedules } from "@/features/workflows/schedules/fire";
import { SCHEDULE_TICK_JOB } from "@/features/workflows/schedules/jobs";
import { runnerForWorkflows } from "@/features/workflows/runs/service";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { callerFor } from "../support/trpc";

const api = setupApi();

const graph = {
  nodes: [
    { id: "start", type: "start", config: {} },
    { id: "t", type: "transform", config: { expression: "{ \"at\": \"scheduled\", \"n\": input.n }" } },
    { id: "end", type: "end", config: {} },
  ],
  edges: [
    { id: "a", source: "start", target: "t" },
    { id: "b", source: "t", target: "end" },
  ],
};

async function workflowOf(who: Person) {
  return expectOk(await call(api.http, "POST", "/workflows", { token: who.token, json: { name: "Scheduled", definition: graph } }), 201, workflow);
}

describe("agent-schedules", () => {
  it("creates a workflow schedule with next_run_at in its time zone; reads, lists, updates, deletes", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflowOf(ana);
    const created = expectOk(
      await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "Mornings", workflow_id: wf.id, cron: "0 9 * * *", timezone: "Asia/Tokyo", input: { n: 1 } } }),
      201, schedule,
    );
    expect(created).toMatchObject({ target_type: "workflow", workflow_id: wf.id, enabled: true, timezone: "Asia/Tokyo" });
    const next = new Date(created.next_run_at!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getUTCHours()).toBe(0); // 09:00 in Tokyo
    expect(expectOk(await call(api.http, "GET", `/agent-schedules/${created.id}`, { token: ana.token }), 200, schedule)).toEqual(created);
    const list = expectOk(await call(api.http, "GET", `/agent-schedules?workflow_id=${wf.id}`, { token: ana.token }), 200, schedulePage);
    expect(list.items.map((s) => s.id)).toEqual([created.id]);
    const off = expectOk(await call(api.http, "PUT", `/agent-schedules/${created.id}`, { token: ana.token, json: { enabled: false } }), 200, schedule);
    expect(off).toMatchObject({ enabled: false, next_run_at: null });
    const ben = await person(api.http, api.db, "ben");
    expectProblem(await call(api.http, "GET", `/agent-schedules/${created.id}`, { token: ben.token }), 404);
    expectNoContent(await call(api.http, "DELETE", `/agent-schedules/${created.id}`, { token: ana.token }));
    expectProblem(await call(api.http, "GET", `/agent-schedules/${created.id}`, { token: ana.token }), 404);
  });

  it("refuses a bad cron or time zone per field, a missing target, and someone else's workflow", async () => {
    const [ana, ben] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben")]);
    const wf = await workflowOf(ana);
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "x", workflow_id: wf.id, cron: "99 * * * *" } }), 422))).toEqual(["body.cron"]);
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "x", workflow_id: wf.id, cron: "0 9 * * *", timezone: "Mars/Olympus" } }), 422))).toEqual(["body.timezone"]);
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "x", cron: "0 9 * * *" } }), 422))).toEqual(["body.workflow_id"]);
    const strict = expectOk(await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "Strict", definition: { ...graph, nodes: [{ id: "start", type: "start", config: { input_schema: [{ name: "n", type: "number", required: true }] } }, ...graph.nodes.slice(1)] } } }), 201, workflow);
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "x", workflow_id: strict.id, cron: "0 9 * * *", input: { n: "one" } } }), 422))).toEqual(["body.input.n"]);
    expectProblem(await call(api.http, "POST", "/agent-schedules", { token: ben.token, json: { name: "x", workflow_id: wf.id, cron: "0 9 * * *" } }), 404);
  });

  it("trigger starts a run now; a due schedule fires exactly once even when two ticks race", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflowOf(ana);
    const created = expectOk(await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "Often", workflow_id: wf.id, cron: "*/5 * * * *", input: { n: 7 } } }), 201, schedule);
    const fired = expectOk(await call(api.http, "POST", `/agent-schedules/${created.id}/trigger`, { token: ana.token }), 200, scheduleTriggerResult);
    expect(fired.run_id).toBeTruthy();
    const run = await api.db.workflowRun.findUniqueOrThrow({ where: { id: fired.run_id! } });
    expect(run).toMatchObject({ trigger: "schedule", workflowId: wf.id, userId: ana.id });

    const due = new Date(Date.now() - 60_000);
    await api.db.workflowSchedule.update({ where: { id: created.id }, data: { nextRunAt: due } });
    const before = await api.db.workflowRun.count({ where: { workflowId: wf.id } });
    const [a, b] = await Promise.all([fireDueSchedules(api.db), fireDueSchedules(api.db)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const after = await api.db.workflowRun.count({ where: { workflowId: wf.id } });
    expect(after - before).toBe(1);
    const moved = await api.db.workflowSchedule.findUniqueOrThrow({ where: { id: created.id } });
    expect(moved.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(moved.lastRunId).not.toBe(fired.run_id);
    expect(await fireDueSchedules(api.db)).toBe(0);
  });

  it("the schedules tick is a job of the job runner: enqueued, it fires what is due", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflowOf(ana);
    const created = expectOk(await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "Tick", workflow_id: wf.id, cron: "0 0 1 1 *" } }), 201, schedule);
    await api.db.workflowSchedule.update({ where: { id: created.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    // Registered with the engine's jobs when the process's background work starts (not by the test).
    const runner = await runnerForWorkflows();
    expect(runner.isRegistered(SCHEDULE_TICK_JOB)).toBe(true);
    await runner.enqueue(SCHEDULE_TICK_JOB, {});
    const deadline = Date.now() + 20_000;
    let runs = 0;
    while (Date.now() < deadline && runs === 0) {
      runs = await api.db.workflowRun.count({ where: { workflowId: wf.id, trigger: "schedule" } });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(runs).toBe(1);
  });

  it("an agent schedule sends the agent its message as the owner", async () => {
    const ana = await person(api.http, api.db, "ana");
    const agent = await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Helper" } });
    const agentId = (agent.body as { id: string }).id;
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "x", target_type: "agent", agent_id: agentId, cron: "0 9 * * *" } }), 422))).toEqual(["body.input.message"]);
    const created = expectOk(
      await call(api.http, "POST", "/agent-schedules", { token: ana.token, json: { name: "Ping", target_type: "agent", agent_id: agentId, cron: "0 9 * * *", input: { message: "Good morning" } } }),
      201, schedule,
    );
    const fired = expectOk(await call(api.http, "POST", `/agent-schedules/${created.id}/trigger`, { token: ana.token }), 200, scheduleTriggerResult);
    expect(fired).toMatchObject({ target_type: "agent", run_id: expect.any(String) });
  });

  it("tRPC: list by workflow, create with camelCase ids (field errors without a body. prefix), update flat, delete", async () => {
    const ana = await person(api.http, api.db, "ana");
    const wf = await workflowOf(ana);
    const trpc = callerFor(api.db, ana.id);
    const created = await trpc.workflows.schedules.create({ workflowId: wf.id, name: "T", cron: "0 9 * * 1-5", timezone: "Europe/Berlin" });
    expect(created.next_run_at).toBeTruthy();
    const error = await trpc.workflows.schedules.create({ workflowId: wf.id, name: "T", cron: "bad cron x", timezone: "UTC" }).catch((e: unknown) => e);
    expect((error as { cause?: { extra?: { issues?: { path: string }[] } } }).cause?.extra?.issues?.[0]?.path).toBe("cron");
    expect((await trpc.workflows.schedules.list({ workflowId: wf.id })).items).toHaveLength(1);
    expect((await trpc.workflows.schedules.update({ id: created.id, enabled: false })).enabled).toBe(false);
    await trpc.workflows.schedules.delete({ id: created.id });
    expect((await trpc.workflows.schedules.list({ workflowId: wf.id })).items).toHaveLength(0);
  });
});
