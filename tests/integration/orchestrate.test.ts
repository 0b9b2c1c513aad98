import { type EventSourceMessage } from "eventsource-parser";
import { openSse } from "../support/sse";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { agent } from "@/features/agents/schemas";
import { runEvents, runResult } from "@/features/chat/orchestrate-schemas";
import { modelConfig } from "@/features/models/schemas";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { STUB_MODEL } from "../support/stub-provider";

const api = setupApi();
const stub = setupStubProvider();

/** POSTs a multi-agent run; the suite's one SSE reader parses the answer. */
const openRun = (who: Person, path: string, json: unknown, headers: Record<string, string> = {}) =>
  openSse(`${api.http.url}/api/v1${path}`, { authorization: `Bearer ${who.token}`, ...headers }, json);

type Events = typeof runEvents;
const data = <K extends keyof Events>(events: EventSourceMessage[], kind: K): z.output<Events[K]>[] =>
  events.filter((e) => e.event === kind).map((e) => runEvents[kind].parse(JSON.parse(e.data)) as z.output<Events[K]>);

const createAgent = async (who: Person, json: Record<string, unknown>) => expectOk(await call(api.http, "POST", "/agents", { token: who.token, json }), 201, agent);
const post = (who: Person, path: string, json: unknown) => call(api.http, "POST", path, { token: who.token, json });

describe("orchestrate: route", () => {
  it("routes each message to the agent whose description matches it (built-in model: keyword overlap)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const billing = await createAgent(ana, { name: "Billing helper", description: "Answers questions about invoices, refunds and payments" });
    const travel = await createAgent(ana, { name: "Travel planner", system_prompt: "You plan trips: flights, hotels and trains." });
    const refund = expectOk(await post(ana, "/agent-chat/orchestrate", { mode: "route", agent_ids: [travel.id, billing.id], message: "I want a refund for this invoice" }), 200, runResult);
    expect(refund.routed_to).toEqual({ agent_id: billing.id, agent_name: "Billing helper", reason: "keyword match: refund, invoice" });
    expect(refund.steps).toEqual([expect.objectContaining({ step: 1, agent_id: billing.id, role: "agent", input: "I want a refund for this invoice", output: "You said: I want a refund for this invoice" })]);
    expect(refund.output).toBe("You said: I want a refund for this invoice");

    const trip = expectOk(await post(ana, "/agent-chat/orchestrate", { mode: "route", agent_ids: [billing.id, travel.id], message: "Find flights and a hotel in Rome" }), 200, runResult);
    expect(trip.routed_to?.agent_id).toBe(travel.id);
    const none = expectOk(await post(ana, "/agent-chat/orchestrate", { mode: "route", agent_ids: [billing.id, travel.id], message: "hello" }), 200, runResult);
    expect(none.routed_to).toMatchObject({ agent_id: billing.id, reason: expect.stringMatching(/first agent/) });
  });

  it("streams the routed agent's tool calls with the step they belong to", async () => {
    const ana = await person(api.http, api.db, "ana");
    const calc = await createAgent(ana, { name: "Calculator", description: "calculator arithmetic", include_tools: ["calculator"] });
    const stream = await openRun(ana, "/agent-chat/orchestrate", { mode: "route", agent_ids: [calc.id], message: 'call tool calculator with {"expression": "6*7"}', stream: true });
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await stream.rest();
    expect(data(events, "tool_call")).toEqual([{ step: 1, id: expect.any(String), name: "calculator", arguments: { expression: "6*7" } }]);
    expect(data(events, "tool_result")[0]).toMatchObject({ step: 1, name: "calculator", result: { result: 42 } });
    const [done] = data(events, "done");
    expect(done.output).toBe('Tool calculator returned: {"expression":"6*7","result":42}');
  });
});

describe("orchestrate: sequential", () => {
  it("streams step_started, tokens and step_finished per agent; each agent sees the previous output; done has the steps and usage", async () => {
    const ana = await person(api.http, api.db, "ana");
    const drafter = await createAgent(ana, { name: "Drafter" });
    const editor = await createAgent(ana, { name: "Editor" });
    const stream = await openRun(ana, "/agent-chat/orchestrate", { mode: "sequential", agent_ids: [drafter.id, editor.id], message: "Write release notes" }, { accept: "text/event-stream" });
    const events = await stream.rest();
    const kinds = events.map((e) => e.event).filter((e, i, all) => e !== all[i - 1]);
    expect(kinds).toEqual(["step_started", "token", "step_finished", "step_started", "token", "step_finished", "done"]);
    expect(data(events, "step_started")).toEqual([
      { step: 1, agent_id: drafter.id, agent_name: "Drafter", role: "agent", label: null },
      { step: 2, agent_id: editor.id, agent_name: "Editor", role: "agent", label: null },
    ]);
    const tokens = data(events, "token");
    expect(tokens.filter((t) => t.step === 1).map((t) => t.content).join("")).toBe("You said: Write release notes");
    const [first, second] = data(events, "step_finished");
    expect(first).toMatchObject({ step: 1, agent_id: drafter.id, output: "You said: Write release notes", status: "complete" });
    const [done] = data(events, "done");
    expect(done.steps[1].input).toBe("Task: Write release notes\n\nPrevious output (from Drafter):\nYou said: Write release notes");
    expect(done.output).toBe(second.output);
    expect(second.output).toMatch(/^You said: Task: Write release notes Previous output \(from Drafter\): You said: Write release notes/);
    expect(done.token_usage).toEqual({
      input_tokens: done.steps[0].token_usage.input_tokens + done.steps[1].token_usage.input_tokens,
      output_tokens: done.steps[0].token_usage.output_tokens + done.steps[1].token_usage.output_tokens,
    });
    expect(stream.response.headers.get("x-session-id")).toBe(done.session_id);

    // Recorded: one session, a chain of prompt/answer messages, each answer tagged with its agent, every model call metered.
    const messages = await api.db.chatMessage.findMany({ where: { sessionId: done.session_id }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(messages.slice(1).map((m) => m.parentId)).toEqual(messages.slice(0, 3).map((m) => m.id));
    const tags = await api.db.orchestrationStep.findMany({ where: { sessionId: done.session_id }, orderBy: { step: "asc" } });
    expect(tags.map((t) => [t.step, t.agentId, t.messageId, t.mode])).toEqual([
      [1, drafter.id, messages[1].id, "sequential"],
      [2, editor.id, messages[3].id, "sequential"],
    ]);
    const calls = await api.db.modelCall.findMany({ where: { sessionId: done.session_id }, orderBy: { createdAt: "asc" } });
    expect(calls.map((c) => [c.agentId, c.provider, c.status])).toEqual([
      [drafter.id, "builtin", "ok"],
      [editor.id, "builtin", "ok"],
    ]);
  });

  it("stops at a failing step: an error event naming the step (503 as JSON)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = expectOk(await post(ana, "/model-configs", { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL }), 201, modelConfig);
    const fragile = await createAgent(ana, { name: "Fragile", model_config: { model_config_id: config.id } });
    const after = await createAgent(ana, { name: "After" });
    const events = await (await openRun(ana, "/agent-chat/orchestrate", { mode: "sequential", agent_ids: [fragile.id, after.id], message: "[stub:error] go", stream: true })).rest();
    expect(events.map((e) => e.event)).toEqual(["step_started", "step_finished", "error"]);
    expect(data(events, "error")).toEqual([{ message: "The model provider answered 500: The stub model exploded on purpose", step: 1 }]);
    const problem = expectProblem(await post(ana, "/agent-chat/orchestrate", { mode: "sequential", agent_ids: [fragile.id, after.id], message: "[stub:error] again" }), 503);
    expect(problem.detail).toMatch(/exploded on purpose/);
  });

  it("aborts the model call when the client disconnects", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = expectOk(await post(ana, "/model-configs", { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL }), 201, modelConfig);
    const slow = await createAgent(ana, { name: "Slow", model_config: { model_config_id: config.id } });
    const next = await createAgent(ana, { name: "Next" });
    const closedBefore = stub.closedEarly;
    const stream = await openRun(ana, "/agent-chat/orchestrate", { mode: "sequential", agent_ids: [slow.id, next.id], message: "[stub:slow] a long story", stream: true });
    expect((await stream.next(3)).map((e) => e.event)).toEqual(["step_started", "token", "token"]);
    stream.close();
    await stub.waitForClosedEarly(closedBefore + 1);
    const deadline = Date.now() + 5000;
    let calls = await api.db.modelCall.findMany({ where: { agentId: { in: [slow.id, next.id] } } });
    while (calls.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      calls = await api.db.modelCall.findMany({ where: { agentId: { in: [slow.id, next.id] } } });
    }
    expect(calls.map((c) => [c.agentId, c.status])).toEqual([[slow.id, "aborted"]]);
  });
});

describe("orchestrate: debate", () => {
  it("runs the rounds (each debater answering the others), then the judge gives the verdict", async () => {
    const ana = await person(api.http, api.db, "ana");
    const pro = await createAgent(ana, { name: "Pro" });
    const con = await createAgent(ana, { name: "Con" });
    const judge = await createAgent(ana, { name: "Judge" });
    const result = expectOk(await post(ana, "/agent-chat/orchestrate", { mode: "debate", agent_ids: [pro.id, con.id], message: "Tabs or spaces?", judge_agent_id: judge.id }), 200, runResult);
    expect(result.steps.map((s) => [s.step, s.agent_name, s.role, s.label])).toEqual([
      [1, "Pro", "debater", "round 1"],
      [2, "Con", "debater", "round 1"],
      [3, "Pro", "debater", "round 2"],
      [4, "Con", "debater", "round 2"],
      [5, "Judge", "judge", "verdict"],
    ]);
    expect(result.steps[2].input).toContain(`- Con: ${result.steps[1].output}`);
    expect(result.steps[2].input).not.toContain("- Pro:");
    expect(result.steps[4].input).toContain(`[round 2] Con: ${result.steps[3].output}`);
    expect(result.output).toBe(result.steps[4].output);
    expect(result.output).toMatch(/^You said: Judge this debate on: Tabs or spaces\?/);

    const short = expectOk(await post(ana, "/agent-chat/orchestrate", { mode: "debate", agent_ids: [pro.id, con.id], message: "Vim or Emacs?", rounds: 1 }), 200, runResult);
    expect(short.steps.map((s) => [s.agent_name, s.role])).toEqual([
      ["Pro", "debater"],
      ["Con", "debater"],
      ["Pro", "judge"],
    ]);
  });

  it("validates the request and answers 404 for someone else's agent, before running anything", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const mine = await createAgent(ana, { name: "Mine" });
    const bens = await createAgent(ben, { name: "Ben's" });
    expect(issuePaths(expectProblem(await post(ana, "/agent-chat/orchestrate", { mode: "debate", agent_ids: [mine.id], message: "x" }), 422))).toEqual(["body.agent_ids"]);
    expect(issuePaths(expectProblem(await post(ana, "/agent-chat/orchestrate", { mode: "vote", agent_ids: [mine.id], message: "x" }), 422))).toEqual(["body.mode"]);
    expectProblem(await post(ana, "/agent-chat/orchestrate", { mode: "sequential", agent_ids: [mine.id, bens.id], message: "x" }), 404);
    expectProblem(await post(ana, "/agent-chat/orchestrate", { mode: "debate", agent_ids: [mine.id, mine.id], message: "x", judge_agent_id: bens.id }), 404);
    expectProblem(await post(ana, "/agent-chat/orchestrate/graph", { nodes: [{ id: "a", agent_id: bens.id }], message: "x" }), 404);
    expectProblem(await post(ana, "/swarm/run", { agent_ids: [bens.id], task: "x" }), 404);
    expect(await api.db.chatSession.count({ where: { userId: ana.id } })).toBe(0);
  });
});

describe("orchestrate: graph", () => {
  it("runs nodes in topological order, each receiving its predecessors' outputs", async () => {
    const ana = await person(api.http, api.db, "ana");
    const research = await createAgent(ana, { name: "Research" });
    const critic = await createAgent(ana, { name: "Critic" });
    const writer = await createAgent(ana, { name: "Writer" });
    const result = expectOk(
      await post(ana, "/agent-chat/orchestrate/graph", {
        nodes: [
          { id: "write", agent_id: writer.id },
          { id: "facts", agent_id: research.id },
          { id: "review", agent_id: critic.id },
        ],
        edges: [
          { source: "facts", target: "write" },
          { source: "review", target: "write" },
        ],
        message: "Explain PGlite",
      }),
      200,
      runResult,
    );
    expect(result.mode).toBe("graph");
    expect(result.steps.map((s) => [s.label, s.agent_name, s.role])).toEqual([
      ["facts", "Research", "node"],
      ["review", "Critic", "node"],
      ["write", "Writer", "node"],
    ]);
    expect(result.steps[0].input).toBe("Explain PGlite");
    expect(result.steps[2].input).toBe(`Task: Explain PGlite\n\nInputs:\n[facts (Research)]: You said: Explain PGlite\n[review (Critic)]: You said: Explain PGlite`);
    expect(result.output).toBe(result.steps[2].output);
  });

  it("streams with the same step events", async () => {
    const ana = await person(api.http, api.db, "ana");
    const a = await createAgent(ana, { name: "A" });
    const events = await (
      await openRun(ana, "/agent-chat/orchestrate/graph", { nodes: [{ id: "one", agent_id: a.id }, { id: "two", agent_id: a.id }], edges: [{ source: "one", target: "two" }], message: "hi", stream: true })
    ).rest();
    expect(data(events, "step_started").map((s) => s.label)).toEqual(["one", "two"]);
    expect(data(events, "done")[0].steps).toHaveLength(2);
  });

  it("rejects a cycle, a duplicate node and an edge to an unknown node with 422", async () => {
    const ana = await person(api.http, api.db, "ana");
    const a = await createAgent(ana, { name: "A" });
    const nodes = [
      { id: "x", agent_id: a.id },
      { id: "y", agent_id: a.id },
    ];
    const cycle = expectProblem(await post(ana, "/agent-chat/orchestrate/graph", { nodes, edges: [{ source: "x", target: "y" }, { source: "y", target: "x" }], message: "hi" }), 422);
    expect(cycle.detail).toMatch(/cycle through "x", "y"/);
    expect(issuePaths(cycle)).toEqual(["body.edges"]);
    expect(issuePaths(expectProblem(await post(ana, "/agent-chat/orchestrate/graph", { nodes: [...nodes, { id: "x", agent_id: a.id }], message: "hi" }), 422))).toEqual(["body.nodes.2.id"]);
    expect(issuePaths(expectProblem(await post(ana, "/agent-chat/orchestrate/graph", { nodes, edges: [{ source: "x", target: "z" }], message: "hi" }), 422))).toEqual(["body.edges.0.target"]);
    expect(await api.db.chatSession.count({ where: { userId: ana.id } })).toBe(0);
  });
});
