import { openSse } from "../support/sse";
import { describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { runEvents, runResult } from "@/features/chat/orchestrate-schemas";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();

/** POSTs and reads the whole SSE answer with the suite's one SSE reader. */
async function postSse(who: Person, path: string, json: unknown) {
  const stream = await openSse(`${api.http.url}/api/v1${path}`, { authorization: `Bearer ${who.token}` }, json);
  return { response: stream.response, events: await stream.rest() };
}

const createAgent = async (who: Person, name: string) => expectOk(await call(api.http, "POST", "/agents", { token: who.token, json: { name } }), 201, agent);

describe("swarm", () => {
  it("the coordinator plans, each worker answers with the plan, and the coordinator synthesises the workers' results", async () => {
    const ana = await person(api.http, api.db, "ana");
    const lead = await createAgent(ana, "Lead");
    const front = await createAgent(ana, "Frontend");
    const back = await createAgent(ana, "Backend");
    const result = expectOk(await call(api.http, "POST", "/swarm/run", { token: ana.token, json: { agent_ids: [lead.id, front.id, back.id], task: "Ship dark mode" } }), 200, runResult);
    expect(result.mode).toBe("swarm");
    expect(result.steps.map((s) => [s.agent_name, s.role, s.label])).toEqual([
      ["Lead", "coordinator", "plan"],
      ["Frontend", "worker", "round 1"],
      ["Backend", "worker", "round 1"],
      ["Lead", "synthesis", "synthesis"],
    ]);
    const [plan, frontend, backend, synthesis] = result.steps;
    expect(plan.input).toBe("Task: Ship dark mode\n\nWorkers: Frontend, Backend.\nSplit the task and assign one part to each worker.");
    expect(frontend.input).toBe(`Task: Ship dark mode\n\nCoordinator's plan: ${plan.output}\n\nYou are Frontend: do your part.`);
    expect(synthesis.input).toContain(`- Frontend: ${frontend.output}\n- Backend: ${backend.output}`);
    expect(result.output).toBe(synthesis.output);
    expect(await api.db.modelCall.count({ where: { sessionId: result.session_id } })).toBe(4);
    expect(await api.db.orchestrationStep.count({ where: { sessionId: result.session_id, mode: "swarm" } })).toBe(4);
  });

  it("with more rounds each worker sees the others' previous answers; one agent works alone", async () => {
    const ana = await person(api.http, api.db, "ana");
    const lead = await createAgent(ana, "Lead");
    const a = await createAgent(ana, "Alpha");
    const b = await createAgent(ana, "Beta");
    const result = expectOk(await call(api.http, "POST", "/swarm/run", { token: ana.token, json: { agent_ids: [lead.id, a.id, b.id], task: "Name the release", max_rounds: 2 } }), 200, runResult);
    expect(result.steps.map((s) => s.label)).toEqual(["plan", "round 1", "round 1", "round 2", "round 2", "synthesis"]);
    expect(result.steps[3].input).toContain(`The other workers so far:\n- Beta: ${result.steps[2].output}`);

    const solo = expectOk(await call(api.http, "POST", "/swarm/run", { token: ana.token, json: { agent_ids: [lead.id], task: "Alone" } }), 200, runResult);
    expect(solo.steps.map((s) => [s.agent_name, s.role])).toEqual([
      ["Lead", "coordinator"],
      ["Lead", "worker"],
      ["Lead", "synthesis"],
    ]);
  });

  it("streams step_started, token, step_finished per step and done on /swarm/run/stream", async () => {
    const ana = await person(api.http, api.db, "ana");
    const lead = await createAgent(ana, "Lead");
    const worker = await createAgent(ana, "Worker");
    const { response, events } = await postSse(ana, "/swarm/run/stream", { agent_ids: [lead.id, worker.id], task: "Tidy the backlog" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const started = events.filter((e) => e.event === "step_started").map((e) => runEvents.step_started.parse(JSON.parse(e.data)));
    expect(started.map((s) => [s.step, s.agent_name, s.role])).toEqual([
      [1, "Lead", "coordinator"],
      [2, "Worker", "worker"],
      [3, "Lead", "synthesis"],
    ]);
    expect(events.filter((e) => e.event === "step_finished")).toHaveLength(3);
    expect(events.filter((e) => e.event === "token").length).toBeGreaterThan(3);
    expect(events.at(-1)?.event).toBe("done");
    const done = runEvents.done.parse(JSON.parse(events.at(-1)!.data));
    expect(done.session_id).toBe(response.headers.get("x-session-id"));
    expect(done.steps).toHaveLength(3);
  });

  it("validates the body (422) and answers 404 for someone else's agent", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const bens = await createAgent(ben, "Ben's");
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/swarm/run", { token: ana.token, json: { agent_ids: [], task: "" } }), 422))).toEqual(["body.agent_ids", "body.task"]);
    expectProblem(await call(api.http, "POST", "/swarm/run/stream", { token: ana.token, json: { agent_ids: [bens.id], task: "x" } }), 404);
    expectProblem(await call(api.http, "POST", "/swarm/run", { json: { agent_ids: [bens.id], task: "x" } }), 401);
  });
});
