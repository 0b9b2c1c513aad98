import { type EventSourceMessage } from "eventsource-parser";
import { openSse } from "../support/sse";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { agent } from "@/features/agents/schemas";
import { chatReply, sseEvents } from "@/features/chat/schemas";
import { modelConfig, price } from "@/features/models/schemas";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { STUB_MODEL } from "../support/stub-provider";
import { callerFor } from "../support/trpc";

const api = setupApi();
const stub = setupStubProvider();

/** POSTs to a chat /stream endpoint; the suite's one SSE reader parses the answer. */
const openChat = (who: Person, path: string, json: unknown) => openSse(`${api.http.url}/api/v1${path}`, { authorization: `Bearer ${who.token}` }, json);

type Events = typeof sseEvents;
/** The parsed payloads of one kind of event, each checked against its documented schema. */
const data = <K extends keyof Events>(events: EventSourceMessage[], kind: K): z.output<Events[K]>[] =>
  events.filter((e) => e.event === kind).map((e) => sseEvents[kind].parse(JSON.parse(e.data)) as z.output<Events[K]>);

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const createAgent = async (who: Person, json: Record<string, unknown>) => expectOk(await call(api.http, "POST", "/agents", { token: who.token, json }), 201, agent);
const stubConfig = async (who: Person, extra: Record<string, unknown> = {}) =>
  expectOk(
    await call(api.http, "POST", "/model-configs", { token: who.token, json: { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL, ...extra } }),
    201,
    modelConfig,
  );
const chatRequests = () => stub.requests.filter((r) => r.path === "/v1/chat/completions");

describe("chat with the built-in model", () => {
  it("streams several token events, then done with the session, message and token usage", async () => {
    const ana = await person(api.http, api.db, "ana");
    const stream = await openChat(ana, "/agent-chat/bare/stream", { message: "Plan my week around the release" });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await stream.rest();
    const tokens = data(events, "token");
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.map((t) => t.content).join("")).toMatch(/^You said: Plan my week around the release/);
    expect(events.at(-1)?.event).toBe("done");
    const [done] = data(events, "done");
    expect(done).toEqual({ session_id: expect.any(String), message_id: expect.any(String), token_usage: { input_tokens: 6, output_tokens: expect.any(Number) }, cost_micros: 0, finish_reason: "stop" });
    expect(done.token_usage.output_tokens).toBeGreaterThan(6);
    expect(stream.response.headers.get("x-session-id")).toBe(done.session_id);
    expect(events.filter((e) => !["token", "done"].includes(e.event ?? ""))).toEqual([]);
  });

  it("runs the tool loop: tool_call and tool_result events, then an answer that mentions the result", async () => {
    const ana = await person(api.http, api.db, "ana");
    const calc = await createAgent(ana, { name: "Calc", include_tools: ["calculator"] });
    const stream = await openChat(ana, `/agent-chat/${calc.id}/stream`, { message: 'call tool calculator with {"expression": "(17 + 25) * 3"}' });
    const events = await stream.rest();
    expect(events.map((e) => e.event).filter((e, i, all) => all.indexOf(e) === i)).toEqual(["tool_call", "tool_result", "token", "done"]);
    const [toolCall] = data(events, "tool_call");
    const [toolResult] = data(events, "tool_result");
    expect(toolCall).toEqual({ id: expect.any(String), name: "calculator", arguments: { expression: "(17 + 25) * 3" } });
    expect(toolResult).toEqual({ id: toolCall.id, name: "calculator", result: { expression: "(17 + 25) * 3", result: 126 } });
    const answer = data(events, "token").map((t) => t.content).join("");
    expect(answer).toContain("126");
    expect(answer).toBe('Tool calculator returned: {"expression":"(17 + 25) * 3","result":126}');
  });

  it("answers as JSON on the non-streaming endpoint, tool calls included", async () => {
    const ana = await person(api.http, api.db, "ana");
    const calc = await createAgent(ana, { name: "Calc", include_tools: ["calculator"] });
    const reply = expectOk(await call(api.http, "POST", `/agent-chat/${calc.id}`, { token: ana.token, json: { message: '/tool calculator {"expression": "2^10"}' } }), 200, chatReply);
    expect(reply).toEqual({
      session_id: expect.any(String),
      message_id: expect.any(String),
      content: 'Tool calculator returned: {"expression":"2^10","result":1024}',
      tool_calls: [{ id: expect.any(String), name: "calculator", arguments: { expression: "2^10" }, result: { expression: "2^10", result: 1024 } }],
      token_usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
      cost_micros: 0,
      finish_reason: "stop",
    });
    const quiet = expectOk(await call(api.http, "POST", `/agent-chat/${calc.id}`, { token: ana.token, json: { message: '/tool calculator {"expression": "1+1"}', streamlined: true } }), 200, chatReply);
    expect(quiet.tool_calls).toEqual([]);
    expect(quiet.content).toContain('"result":2');
  });

  it("leaves tool events out of a streamlined stream", async () => {
    const ana = await person(api.http, api.db, "ana");
    const calc = await createAgent(ana, { name: "Calc", include_tools: ["calculator"] });
    const events = await (await openChat(ana, `/agent-chat/${calc.id}/stream`, { message: 'call tool calculator with {"expression": "3*3"}', streamlined: true })).rest();
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(["token", "done"]));
  });

  it("reports invalid tool arguments as a tool_result error, and the model answers with it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const calc = await createAgent(ana, { name: "Calc", include_tools: ["calculator"] });
    const events = await (await openChat(ana, `/agent-chat/${calc.id}/stream`, { message: 'call tool calculator with {"formula": "1+1"}' })).rest();
    const [result] = data(events, "tool_result");
    expect(result).toMatchObject({ name: "calculator", result: { error: expect.stringMatching(/Invalid input for tool calculator/) } });
    expect(data(events, "token").map((t) => t.content).join("")).toMatch(/^Tool calculator failed: /);
    expect(events.at(-1)?.event).toBe("done");
  });

  it("gives the agent only its own tools", async () => {
    const ana = await person(api.http, api.db, "ana");
    const plain = await createAgent(ana, { name: "No tools", include_tools: ["current_time"] });
    const reply = expectOk(await call(api.http, "POST", `/agent-chat/${plain.id}`, { token: ana.token, json: { message: 'call tool calculator with {"expression": "1+1"}' } }), 200, chatReply);
    expect(reply.content).toBe("I cannot call tool calculator: it is not offered. Tools available: current_time.");
    expect(reply.tool_calls).toEqual([]);
  });
});

describe("chat sessions", () => {
  it("continues a session: the second message sees the history and extends the parent chain", async () => {
    const ana = await person(api.http, api.db, "ana");
    await stubConfig(ana, { is_default: true });
    const first = expectOk(await call(api.http, "POST", "/agent-chat/bare", { token: ana.token, json: { message: "My name is Ana" } }), 200, chatReply);
    expect(first.content).toBe("Hello from the stub model. You said: My name is Ana");
    const second = expectOk(await call(api.http, "POST", "/agent-chat/bare", { token: ana.token, json: { message: "What is my name?", session_id: first.session_id } }), 200, chatReply);
    expect(second.session_id).toBe(first.session_id);
    expect(chatRequests().at(-1)?.body?.messages).toEqual([
      { role: "user", content: "My name is Ana" },
      { role: "assistant", content: "Hello from the stub model. You said: My name is Ana" },
      { role: "user", content: "What is my name?" },
    ]);

    const messages = await api.db.chatMessage.findMany({ where: { sessionId: first.session_id }, orderBy: { createdAt: "asc" } });
    const [u1, a1, u2, a2] = messages;
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect([u1.parentId, a1.parentId, u2.parentId, a2.parentId]).toEqual([null, u1.id, a1.id, u2.id]);
    expect(a1.id).toBe(first.message_id);
    expect(a2.id).toBe(second.message_id);
    expect(await api.db.chatSession.findUniqueOrThrow({ where: { id: first.session_id } })).toMatchObject({ headMessageId: a2.id, userId: ana.id, agentId: null });

    const history = await callerFor(api.db, ana.id).chat.history({ session_id: first.session_id, limit: 3 });
    expect(history.has_more).toBe(true);
    expect(history.messages.map((m) => m.content)).toEqual(["Hello from the stub model. You said: My name is Ana", "What is my name?", second.content]);
    const older = await callerFor(api.db, ana.id).chat.history({ session_id: first.session_id, before: history.messages[0].id, limit: 3 });
    expect(older).toEqual({ has_more: false, messages: [expect.objectContaining({ id: u1.id, role: "user", content: "My name is Ana" })] });
    const sessions = await callerFor(api.db, ana.id).chat.sessions({ page: 1, page_size: 10 });
    expect(sessions.items).toEqual([expect.objectContaining({ id: first.session_id, title: "My name is Ana", agent_id: null })]);
  });

  it("answers 404 for someone else's session or one of another agent", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const reply = expectOk(await call(api.http, "POST", "/agent-chat/bare", { token: ana.token, json: { message: "hi" } }), 200, chatReply);
    expectProblem(await call(api.http, "POST", "/agent-chat/bare", { token: ben.token, json: { message: "hi", session_id: reply.session_id } }), 404);
    const helper = await createAgent(ana, { name: "Helper" });
    expectProblem(await call(api.http, "POST", `/agent-chat/${helper.id}/stream`, { token: ana.token, json: { message: "hi", session_id: reply.session_id } }), 404);
    expectProblem(await call(api.http, "POST", `/agent-chat/${helper.id}`, { token: ben.token, json: { message: "hi" } }), 404);
  });

  it("validates the request before streaming (problem+json, not an event stream)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const empty = expectProblem(await call(api.http, "POST", "/agent-chat/bare/stream", { token: ana.token, json: { message: "   " } }), 422);
    expect(issuePaths(empty)).toEqual(["body.message"]);
    expectProblem(await call(api.http, "POST", "/agent-chat/bare/stream", { json: { message: "hi" } }), 401);
    expectProblem(await call(api.http, "POST", "/agent-chat/not-a-uuid/stream", { token: ana.token, json: { message: "hi" } }), 422);
    const keyless = await createAgent(ana, { name: "Needs OpenAI", model_config: { provider: "openai", model_name: "gpt-4o-mini" } });
    const problem = expectProblem(await call(api.http, "POST", `/agent-chat/${keyless.id}/stream`, { token: ana.token, json: { message: "hi" } }), 400);
    expect(problem.detail).toMatch(/no openai model config/);
  });
});

describe("chat through a real provider (the local OpenAI-compatible stub)", () => {
  it("streams the provider's tokens and runs its tool call", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const helper = await createAgent(ana, { name: "Stubby", system_prompt: "Be kind.", model_config: { model_config_id: config.id }, include_tools: ["calculator", "current_time"] });

    const plain = await (await openChat(ana, `/agent-chat/${helper.id}/stream`, { message: "hello there" })).rest();
    expect(data(plain, "token").map((t) => t.content).join("")).toBe("Hello from the stub model. You said: hello there");
    expect(data(plain, "done")[0].token_usage).toEqual({ input_tokens: 4, output_tokens: 9 });
    const sent = chatRequests().at(-1)?.body;
    expect(sent).toMatchObject({ model: STUB_MODEL, stream: true, messages: [{ role: "system", content: "Be kind." }, { role: "user", content: "hello there" }] });
    expect((sent?.tools as { function: { name: string } }[]).map((t) => t.function.name).sort()).toEqual(["calculator", "current_time"]);

    const tooled = await (await openChat(ana, `/agent-chat/${helper.id}/stream`, { message: 'call tool calculator with {"expression":"40+2"}' })).rest();
    expect(data(tooled, "tool_call")).toEqual([{ id: expect.stringMatching(/^call_stub_/), name: "calculator", arguments: { expression: "40+2" } }]);
    expect(data(tooled, "tool_result")[0].result).toEqual({ expression: "40+2", result: 42 });
    expect(data(tooled, "token").map((t) => t.content).join("")).toBe('Stub saw calculator result: {"expression":"40+2","result":42}');
  });

  it("prices each reply from the user's price table and shows the cost in done and in the history", async () => {
    const ana = await person(api.http, api.db, "ana");
    await call(api.http, "PUT", "/model-prices", { token: ana.token, json: { model: STUB_MODEL, input_micros_per_mtok: 1_000_000, output_micros_per_mtok: 3_000_000 } });
    const config = await stubConfig(ana);
    const priced = await createAgent(ana, { name: "Priced", model_config: { model_config_id: config.id } });
    const events = await (await openChat(ana, `/agent-chat/${priced.id}/stream`, { message: "hello there" })).rest();
    const done = data(events, "done")[0];
    // 2 input tokens at $1/Mtok and 9 output tokens at $3/Mtok: 2 + 27 micro-dollars.
    expect(done.token_usage).toEqual({ input_tokens: 2, output_tokens: 9 });
    expect(done.cost_micros).toBe(29);
    const history = await callerFor(api.db, ana.id).chat.history({ session_id: done.session_id });
    expect(history.messages.at(-1)).toMatchObject({ role: "assistant", cost_micros: 29 });
  });

  it("stops a model that keeps calling tools at the agent's iteration limit", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const looper = await createAgent(ana, { name: "Looper", model_config: { model_config_id: config.id }, include_tools: ["calculator"], iteration_limit: 3 });
    const before = chatRequests().length;
    const events = await (await openChat(ana, `/agent-chat/${looper.id}/stream`, { message: '[stub:loop] call tool calculator with {"expression":"1+1"}' })).rest();
    expect(data(events, "tool_call")).toHaveLength(3);
    expect(data(events, "tool_result")).toHaveLength(3);
    expect(data(events, "done")[0].finish_reason).toBe("iteration_limit");
    expect(chatRequests().length - before).toBe(3);
    expect(await api.db.modelCall.count({ where: { agentId: looper.id } })).toBe(3);
  });

  it("reports a provider failure as an error event with a plain message (and 503 on the JSON endpoint)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const fragile = await createAgent(ana, { name: "Fragile", model_config: { model_config_id: config.id } });
    const events = await (await openChat(ana, `/agent-chat/${fragile.id}/stream`, { message: "[stub:error] go" })).rest();
    expect(events.map((e) => e.event)).toEqual(["error"]);
    expect(data(events, "error")[0]).toEqual({ message: "The model provider answered 500: The stub model exploded on purpose" });
    expect(events[0].data).not.toMatch(/at .*\.ts:\d+/);
    const problem = expectProblem(await call(api.http, "POST", `/agent-chat/${fragile.id}`, { token: ana.token, json: { message: "[stub:error] again" } }), 503);
    expect(problem.detail).toBe("The model provider answered 500: The stub model exploded on purpose");
    const failed = await api.db.chatMessage.findMany({ where: { role: "assistant", session: { agentId: fragile.id } } });
    expect(failed.map((m) => m.status)).toEqual(["error", "error"]);
  });

  it("aborts the model call when the client disconnects mid-stream", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const slow = await createAgent(ana, { name: "Slow", model_config: { model_config_id: config.id } });
    const closedBefore = stub.closedEarly;
    const stream = await openChat(ana, `/agent-chat/${slow.id}/stream`, { message: "[stub:slow] tell me a long story" });
    const first = await stream.next(2);
    expect(first.map((e) => e.event)).toEqual(["token", "token"]);
    stream.close();

    await stub.waitForClosedEarly(closedBefore + 1);
    const calls = await eventually(
      () => api.db.modelCall.findMany({ where: { agentId: slow.id } }),
      (rows) => rows.length > 0,
    );
    expect(calls).toEqual([expect.objectContaining({ status: "aborted", provider: "openai-compatible", model: STUB_MODEL })]);
    const reply = await eventually(
      () => api.db.chatMessage.findFirst({ where: { role: "assistant", session: { agentId: slow.id } } }),
      (row) => row !== null,
    );
    expect(reply).toMatchObject({ status: "aborted", finishReason: "aborted" });
    expect(reply!.content.length).toBeGreaterThan(0);
    expect(reply!.content).not.toContain("word59");
  });

  it("keeps serving other requests while a slow reply streams", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = await stubConfig(ana);
    const slow = await createAgent(ana, { name: "Slow", model_config: { model_config_id: config.id } });
    const stream = await openChat(ana, `/agent-chat/${slow.id}/stream`, { message: "[stub:slow] take your time" });
    await stream.next(1);
    const started = Date.now();
    expectOk(await call(api.http, "GET", `/agents/${slow.id}`, { token: ana.token }), 200, agent);
    expect(Date.now() - started).toBeLessThan(1000);
    stream.close();
    await stub.waitForClosedEarly(stub.closedEarly);
  });
});

describe("metering of chat", () => {
  it("records every model call with tokens and cost from the user's price table; the built-in model costs 0", async () => {
    const ana = await person(api.http, api.db, "ana");
    expectOk(
      await call(api.http, "PUT", "/model-prices", { token: ana.token, json: { provider: "openai-compatible", model: STUB_MODEL, input_micros_per_mtok: 2_000_000, output_micros_per_mtok: 5_000_000 } }),
      200,
      price,
    );
    const config = await stubConfig(ana);
    const helper = await createAgent(ana, { name: "Metered", model_config: { model_config_id: config.id }, include_tools: ["calculator"] });
    const reply = expectOk(await call(api.http, "POST", `/agent-chat/${helper.id}`, { token: ana.token, json: { message: 'call tool calculator with {"expression":"7*6"}' } }), 200, chatReply);

    const rows = await api.db.modelCall.findMany({ where: { agentId: helper.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ userId: ana.id, sessionId: reply.session_id, provider: "openai-compatible", model: STUB_MODEL, purpose: "chat", status: "ok" });
      expect(row.inputTokens).toBeGreaterThan(0);
      expect(row.outputTokens).toBeGreaterThan(0);
      expect(row.costMicros).toBe(row.inputTokens * 2 + row.outputTokens * 5);
      expect(row.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(reply.token_usage).toEqual({ input_tokens: rows[0].inputTokens + rows[1].inputTokens, output_tokens: rows[0].outputTokens + rows[1].outputTokens });

    const bare = expectOk(await call(api.http, "POST", "/agent-chat/bare", { token: ana.token, json: { message: "free of charge" } }), 200, chatReply);
    const builtinRow = await api.db.modelCall.findFirstOrThrow({ where: { sessionId: bare.session_id } });
    expect(builtinRow).toMatchObject({ provider: "builtin", model: "atrium-echo-1", inputTokens: 3, costMicros: 0, status: "ok" });
  });

  it("reports the same cost in the reply as its ledger rows hold, for a priced built-in model and across a tool loop", async () => {
    const ana = await person(api.http, api.db, "ana");
    // A price for the built-in model: the reply used to say 0 while the ledger row held the cost.
    await call(api.http, "PUT", "/model-prices", { token: ana.token, json: { model: "atrium-echo-1", input_micros_per_mtok: 10_000_000, output_micros_per_mtok: 20_000_000 } });
    const echo = expectOk(await call(api.http, "POST", "/agent-chat/bare", { token: ana.token, json: { message: "what does this cost" } }), 200, chatReply);
    const echoRow = await api.db.modelCall.findFirstOrThrow({ where: { sessionId: echo.session_id } });
    expect(echoRow.costMicros).toBeGreaterThan(0);
    expect(echo.cost_micros).toBe(echoRow.costMicros);

    // Two calls whose costs round separately (1.5 and 0.5 micro-dollars per token).
    await call(api.http, "PUT", "/model-prices", { token: ana.token, json: { model: STUB_MODEL, input_micros_per_mtok: 1_500_000, output_micros_per_mtok: 500_000 } });
    const config = await stubConfig(ana);
    const tooled = await createAgent(ana, { name: "Rounded", model_config: { model_config_id: config.id }, include_tools: ["calculator"] });
    const events = await (await openChat(ana, `/agent-chat/${tooled.id}/stream`, { message: 'call tool calculator with {"expression":"5*5"}' })).rest();
    const [done] = data(events, "done");
    const rows = await api.db.modelCall.findMany({ where: { sessionId: done.session_id } });
    expect(rows).toHaveLength(2);
    expect(done.cost_micros).toBe(rows[0].costMicros + rows[1].costMicros);
    const stored = await api.db.chatMessage.findUniqueOrThrow({ where: { id: done.message_id } });
    expect(stored.costMicros).toBe(done.cost_micros);
  });
});
