import { describe, expect, it } from "vitest";
import {
  activities, callChain, collaborators, executionLog, executionLogPage, executionsPerDay, monitoringOverview, nodeTypeUsage, performance, stats, stepLog, stepLogList, timeline, workflow,
} from "@/features/workflows/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { callerFor } from "../support/trpc";

const api = setupApi();

const graph = (childId?: string) => ({
  nodes: [
    { id: "start", type: "start", config: {} },
    childId
      ? { id: "child", type: "subworkflow", config: { workflow_id: childId, input: { n: "{{ input.n }}" } } }
      : { id: "child", type: "transform", config: { expression: "input.n + 1" } },
    { id: "check", type: "code", config: { source: "if (input.n === 13) throw new Error('unlucky'); return input.n;" } },
    { id: "end", type: "end", config: {} },
  ],
  edges: [
    { id: "a", source: "start", target: "child" },
    { id: "b", source: "child", target: "check" },
    { id: "c", source: "check", target: "end" },
  ],
});

async function runWait(who: Person, id: string, input: Record<string, unknown>) {
  const res = await call(api.http, "POST", `/workflows/${id}/execute?wait=true`, { token: who.token, json: { input } });
  return (res.body as { id: string }).id;
}

describe("execution logs and monitoring", () => {
  it("lists, filters and details runs with steps, timeline, call chain, performance and stats; others see nothing of them", async () => {
    // The first account is the administrator: made first, so ana and ben are members.
    const root = await person(api.http, api.db, "root");
    const [ana, ben] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben")]);
    const child = expectOk(await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "Child", definition: graph() } }), 201, workflow);
    const parent = expectOk(await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "Parent", definition: graph(child.id) } }), 201, workflow);
    const ok = await runWait(ana, parent.id, { n: 1 });
    const failed = await runWait(ana, child.id, { n: 13 });

    const all = expectOk(await call(api.http, "GET", "/execution-logs", { token: ana.token }), 200, executionLogPage);
    expect(all.total).toBe(3); // parent, its child run, and the failed one
    const failures = expectOk(await call(api.http, "GET", "/execution-logs?status=failed", { token: ana.token }), 200, executionLogPage);
    expect(failures.items.map((r) => r.id)).toEqual([failed]);
    const byWorkflow = expectOk(await call(api.http, "GET", `/execution-logs?workflow_id=${parent.id}`, { token: ana.token }), 200, executionLogPage);
    expect(byWorkflow.items.map((r) => r.id)).toEqual([ok]);
    expect(expectOk(await call(api.http, "GET", "/execution-logs?since=2999-01-01T00:00:00Z", { token: ana.token }), 200, executionLogPage).total).toBe(0);

    const detail = expectOk(await call(api.http, "GET", `/execution-logs/${ok}`, { token: ana.token }), 200, executionLog);
    expect(detail).toMatchObject({ status: "succeeded", workflow_name: "Parent", input: { n: 1 } });
    const steps = expectOk(await call(api.http, "GET", `/execution-logs/${ok}/steps`, { token: ana.token }), 200, stepLogList);
    expect(steps.items.map((s) => s.node_id)).toEqual(["start", "child", "check", "end"]);
    const check = expectOk(await call(api.http, "GET", `/execution-logs/${failed}/steps/check`, { token: ana.token }), 200, stepLog);
    expect(check).toMatchObject({ status: "failed", error: expect.stringContaining("unlucky") });
    expectProblem(await call(api.http, "GET", `/execution-logs/${ok}/steps/nope`, { token: ana.token }), 404);
    const bars = expectOk(await call(api.http, "GET", `/execution-logs/${ok}/timeline`, { token: ana.token }), 200, timeline);
    expect(bars.items).toHaveLength(4);
    expect(bars.items.every((b) => b.offset_ms !== null && b.offset_ms >= 0)).toBe(true);

    const childRun = all.items.find((r) => r.parent_run_id === ok)!;
    const chain = expectOk(await call(api.http, "GET", `/execution-logs/${childRun.id}/call-chain`, { token: ana.token }), 200, callChain);
    expect(chain).toMatchObject({ execution_id: ok, workflow_name: "Parent", children: [{ execution_id: childRun.id, workflow_name: "Child", via_node_id: "child" }] });

    const perf = expectOk(await call(api.http, "GET", "/execution-logs/performance", { token: ana.token }), 200, performance);
    expect(perf.node_types.find((t) => t.node_type === "code")).toMatchObject({ count: 3, failed: 1 });
    expect(perf.slowest_steps.length).toBeGreaterThan(0);
    const st = expectOk(await call(api.http, "GET", "/execution-logs/stats", { token: ana.token }), 200, stats);
    expect(st).toMatchObject({ total: 3, by_status: { succeeded: 2, failed: 1 }, by_trigger: { manual: 2, subworkflow: 1 } });
    expect(st.success_rate).toBeCloseTo(2 / 3);

    expectProblem(await call(api.http, "GET", `/execution-logs/${ok}`, { token: ben.token }), 404);
    expectProblem(await call(api.http, "GET", `/execution-logs/${ok}/steps`, { token: ben.token }), 404);
    expect(expectOk(await call(api.http, "GET", "/execution-logs", { token: ben.token }), 200, executionLogPage).total).toBe(0);
    expect(expectOk(await call(api.http, "GET", "/execution-logs/stats", { token: ben.token }), 200, stats).total).toBe(0);

    const overview = expectOk(await call(api.http, "GET", "/monitoring/overview", { token: ana.token }), 200, monitoringOverview);
    expect(overview).toMatchObject({ workflows: 2, executions: 3, succeeded: 2, failed: 1, scope: "mine" });
    const perDay = expectOk(await call(api.http, "GET", "/monitoring/executions?days=7", { token: ana.token }), 200, executionsPerDay);
    expect(perDay.days).toHaveLength(7);
    expect(perDay.days[6]).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    const types = expectOk(await call(api.http, "GET", "/monitoring/node-types", { token: ana.token }), 200, nodeTypeUsage);
    expect(types.items.find((t) => t.node_type === "subworkflow")).toMatchObject({ steps: 1, failed: 0 });
    const feed = expectOk(await call(api.http, "GET", "/monitoring/activities", { token: ana.token }), 200, activities);
    expect(feed.items.some((a) => a.kind === "execution_failed" && a.execution_id === failed)).toBe(true);
    expect(feed.items.some((a) => a.kind === "version_saved" && a.workflow_id === parent.id)).toBe(true);
    expect(expectOk(await call(api.http, "GET", "/monitoring/overview", { token: ben.token }), 200, monitoringOverview)).toMatchObject({ workflows: 0, executions: 0 });

    const dash = await callerFor(api.db, ana.id).workflows.monitoring({ days: 3 });
    expect(dash.overview.executions).toBe(3);
    expect(dash.executions).toHaveLength(3);

    const adminView = expectOk(await call(api.http, "GET", "/monitoring/overview", { token: root.token }), 200, monitoringOverview);
    expect(adminView.scope).toBe("all");
    expect(adminView.executions).toBeGreaterThanOrEqual(3);
    expect(expectOk(await call(api.http, "GET", `/execution-logs/${ok}`, { token: root.token }), 200, executionLog).id).toBe(ok);
  });

  it("the call chain names the agents a run's agent steps ran", async () => {
    const ana = await person(api.http, api.db, "ana");
    const agent = await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Helper" } });
    const agentId = (agent.body as { id: string }).id;
    const definition = {
      nodes: [
        { id: "start", type: "start", config: {} },
        { id: "ask", type: "agent", config: { agent_id: agentId, message: "Hello there" } },
        { id: "end", type: "end", config: {} },
      ],
      edges: [
        { id: "a", source: "start", target: "ask" },
        { id: "b", source: "ask", target: "end" },
      ],
    };
    const wf = expectOk(await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "Asks", definition } }), 201, workflow);
    const runId = await runWait(ana, wf.id, {});
    const chain = expectOk(await call(api.http, "GET", `/execution-logs/${runId}/call-chain`, { token: ana.token }), 200, callChain);
    expect(chain).toMatchObject({ status: "succeeded", agents: [{ node_id: "ask", agent_id: agentId, agent_name: "Helper", status: "succeeded" }], children: [] });
  });

  it("collaboration users: empty for a workflow nobody has open; 404 for someone who may not see it", async () => {
    const [ana, ben] = await Promise.all([person(api.http, api.db, "ana"), person(api.http, api.db, "ben")]);
    const wf = expectOk(await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "Open" } }), 201, workflow);
    expect(expectOk(await call(api.http, "GET", `/collaboration/${wf.id}/users`, { token: ana.token }), 200, collaborators)).toEqual({ workflow_id: wf.id, users: [] });
    expectProblem(await call(api.http, "GET", `/collaboration/${wf.id}/users`, { token: ben.token }), 404);
  });
});
