import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { runEvents, runResult } from "@/features/chat/orchestrate-schemas";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();

const createAgent = async (who: Person, json: Record<string, unknown>) => expectOk(await call(api.http, "POST", "/agents", { token: who.token, json }), 201, agent);
const execute = (who: Person, id: string, json: unknown) => call(api.http, "POST", `/agents/${id}/execute`, { token: who.token, json });

describe("POST /agents/{id}/execute", () => {
  it("agent mode: the agent answers the input, recorded and metered", async () => {
    const ana = await person(api.http, api.db, "ana");
    const writer = await createAgent(ana, { name: "Writer" });
    const result = expectOk(await execute(ana, writer.id, { input: "Summarise the sprint" }), 200, runResult);
    expect(result).toMatchObject({ mode: "agent", output: "You said: Summarise the sprint", routed_to: null });
    expect(result.steps.map((s) => [s.agent_id, s.role])).toEqual([[writer.id, "agent"]]);
    expect(await api.db.modelCall.count({ where: { sessionId: result.session_id, agentId: writer.id } })).toBe(1);
  });

  it("sequential mode: this agent first, then agent_ids, each seeing the previous output", async () => {
    const ana = await person(api.http, api.db, "ana");
    const first = await createAgent(ana, { name: "First" });
    const second = await createAgent(ana, { name: "Second" });
    const result = expectOk(await execute(ana, first.id, { mode: "sequential", input: "Draft it", agent_ids: [second.id] }), 200, runResult);
    expect(result.steps.map((s) => s.agent_name)).toEqual(["First", "Second"]);
    expect(result.steps[1].input).toBe("Task: Draft it\n\nPrevious output (from First):\nYou said: Draft it");
  });

  it("pipeline mode: seed 004's start → agent → end workflow runs the agent itself; a chain of agent nodes runs in order", async () => {
    const ana = await person(api.http, api.db, "ana");
    const seedShaped = await createAgent(ana, {
      name: "Release-notes writer",
      workflow_config: {
        nodes: [
          { id: "start", type: "start", label: "开始" },
          { id: "agent", type: "agent", label: "智能体" },
          { id: "end", type: "end", label: "结束" },
        ],
        edges: [
          { source: "start", target: "agent" },
          { source: "agent", target: "end" },
        ],
      },
    });
    const single = expectOk(await execute(ana, seedShaped.id, { mode: "pipeline", input: "v1.2 notes" }), 200, runResult);
    expect(single.steps.map((s) => [s.agent_id, s.output])).toEqual([[seedShaped.id, "You said: v1.2 notes"]]);

    const editor = await createAgent(ana, { name: "Editor" });
    const chain = await createAgent(ana, {
      name: "Chain",
      workflow_config: {
        nodes: [
          { id: "end", type: "end" },
          { id: "edit", type: "agent", data: { agent_id: editor.id } },
          { id: "draft", type: "agent" },
          { id: "start", type: "start" },
        ],
        edges: [
          { source: "start", target: "draft" },
          { source: "draft", target: "edit" },
          { source: "edit", target: "end" },
        ],
      },
    });
    const result = expectOk(await execute(ana, chain.id, { mode: "pipeline", input: "Notes", stream: false }), 200, runResult);
    expect(result.steps.map((s) => s.agent_name)).toEqual(["Chain", "Editor"]);
    expect(result.steps[1].input).toContain("Previous output (from Chain):\nYou said: Notes");
  });

  it("graph mode: agent nodes from workflow_config get their predecessors' outputs, streamed with step events", async () => {
    const ana = await person(api.http, api.db, "ana");
    const helper = await createAgent(ana, { name: "Helper" });
    const boss = await createAgent(ana, {
      name: "Boss",
      workflow_config: {
        nodes: [
          { id: "start", type: "start" },
          { id: "a", type: "agent", agent_id: helper.id },
          { id: "b", type: "agent", agent_id: helper.id },
          { id: "merge", type: "agent" },
        ],
        edges: [
          { source: "start", target: "a" },
          { source: "start", target: "b" },
          { source: "a", target: "merge" },
          { source: "b", target: "merge" },
        ],
      },
    });
    const response = await fetch(`${api.http.url}/api/v1/agents/${boss.id}/execute`, {
      method: "POST",
      headers: { authorization: `Bearer ${ana.token}`, "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ mode: "graph", input: "Plan Q3" }),
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => events.push(event) });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    const started = events.filter((e) => e.event === "step_started").map((e) => runEvents.step_started.parse(JSON.parse(e.data)));
    expect(started.map((s) => [s.label, s.agent_name])).toEqual([
      ["a", "Helper"],
      ["b", "Helper"],
      ["merge", "Boss"],
    ]);
    const done = runEvents.done.parse(JSON.parse(events.at(-1)!.data));
    expect(done.steps[2].input).toBe("Task: Plan Q3\n\nInputs:\n[a (Helper)]: You said: Plan Q3\n[b (Helper)]: You said: Plan Q3");
  });

  it("debate mode: this agent and agent_ids debate, this agent judges by default", async () => {
    const ana = await person(api.http, api.db, "ana");
    const host = await createAgent(ana, { name: "Host" });
    const guest = await createAgent(ana, { name: "Guest" });
    const result = expectOk(await execute(ana, host.id, { mode: "debate", input: "Monolith or services?", agent_ids: [guest.id], rounds: 1 }), 200, runResult);
    expect(result.steps.map((s) => [s.agent_name, s.role])).toEqual([
      ["Host", "debater"],
      ["Guest", "debater"],
      ["Host", "judge"],
    ]);
  });

  it("rejects a workflow with a cycle or without agent nodes (422 on workflow_config), and other people's agents (404)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const looped = await createAgent(ana, {
      name: "Looped",
      workflow_config: { nodes: [{ id: "x", type: "agent" }, { id: "y", type: "agent" }], edges: [{ source: "x", target: "y" }, { source: "y", target: "x" }] },
    });
    expect(issuePaths(expectProblem(await execute(ana, looped.id, { mode: "graph", input: "go" }), 422))).toEqual(["workflow_config.edges"]);
    const empty = await createAgent(ana, { name: "Empty" });
    expect(issuePaths(expectProblem(await execute(ana, empty.id, { mode: "pipeline", input: "go" }), 422))).toEqual(["workflow_config.nodes"]);
    const bad = await createAgent(ana, { name: "Bad", workflow_config: { nodes: [{ id: "n", type: "agent", agent_id: "nope" }] } });
    expect(issuePaths(expectProblem(await execute(ana, bad.id, { mode: "graph", input: "go" }), 422))).toEqual(["workflow_config.nodes.0.agent_id"]);
    expect(issuePaths(expectProblem(await execute(ana, empty.id, { mode: "debate", input: "go" }), 422))).toEqual(["body.agent_ids"]);

    const bens = await createAgent(ben, { name: "Ben's" });
    expectProblem(await execute(ana, bens.id, { input: "go" }), 404);
    expectProblem(await execute(ana, empty.id, { mode: "sequential", input: "go", agent_ids: [bens.id] }), 404);
    const sneaky = await createAgent(ana, { name: "Sneaky", workflow_config: { nodes: [{ id: "n", type: "agent", agent_id: bens.id }] } });
    expectProblem(await execute(ana, sneaky.id, { mode: "graph", input: "go" }), 404);
    expect(await api.db.modelCall.count({ where: { userId: ana.id } })).toBe(0);
  });
});
