import { randomUUID } from "node:crypto";
import type { EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { agent as agentSchema } from "@/features/agents/schemas";
import { runAccepted } from "@/features/agui/schemas";
import { AGUI_INTERRUPTED, recoverAguiRuns } from "@/features/agui/service/recover";
import { modelConfig } from "@/features/models/schemas";
import { getEventBus, setEventBus } from "@/server/events";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { closeRedis, setupApi, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";
import { STUB_MODEL } from "../support/stub-provider";

/** Seed 003's split design: POST /agent/runs answers 202, the events come from GET …/events. */
const api = setupApi();
const stub = setupStubProvider();

const auth = (who: Person) => ({ authorization: `Bearer ${who.token}` });
const events = (who: Person, threadId: string, lastEventId?: string) =>
  openSse(`${api.http.url}/api/v1/agent/runs/${threadId}/events`, { ...auth(who), ...(lastEventId ? { "last-event-id": lastEventId } : {}) });
const input = (threadId: string, content: string, extra: Record<string, unknown> = {}) => ({
  threadId,
  runId: randomUUID(),
  state: {},
  messages: [{ id: randomUUID(), role: "user", content }],
  tools: [],
  context: [],
  forwardedProps: {},
  ...extra,
});
const startRun = async (who: Person, body: unknown) => expectOk(await call(api.http, "POST", "/agent/runs", { token: who.token, json: body }), 202, runAccepted);
const data = (e: EventSourceMessage) => JSON.parse(e.data) as { type: string; [key: string]: unknown };
const textOf = (list: EventSourceMessage[]) => list.map(data).filter((e) => e.type === "TEXT_MESSAGE_CONTENT").map((e) => e.delta).join("");

async function slowAgent(who: Person) {
  const config = expectOk(
    await call(api.http, "POST", "/model-configs", { token: who.token, json: { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL } }),
    201,
    modelConfig,
  );
  return expectOk(await call(api.http, "POST", "/agents", { token: who.token, json: { name: "Slow", model_config: { model_config_id: config.id } } }), 201, agentSchema);
}

const confirmTool = { name: "confirm_booking", description: "Ask the person to confirm", parameters: { type: "object", properties: { room: { type: "string" } } } };

describe("POST /agent/runs and its events", () => {
  it("answers 202 at once and the run's AG-UI events arrive on the thread's stream with ids <n>-<m>", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    const body = input(threadId, "good morning");
    const accepted = await startRun(ana, body);
    expect(accepted).toMatchObject({ threadId, runId: body.runId, created: true });
    const all = await (await events(ana, threadId)).rest();
    expect(all.map((e) => e.event)).toEqual(all.map((e) => data(e).type));
    expect(all.every((e) => /^\d+-\d+$/.test(e.id ?? ""))).toBe(true);
    expect(all[0].event).toBe("RUN_STARTED");
    expect(data(all[0])).toMatchObject({ threadId, runId: body.runId });
    expect(all.at(-1)!.event).toBe("RUN_FINISHED");
    expect(textOf(all)).toBe("You said: good morning");
    const run = await api.db.aguiRun.findUniqueOrThrow({ where: { id: accepted.taskId } });
    expect(run.status).toBe("succeeded");
    // Where a later reader starts: right at this run's RUN_STARTED.
    expect(run.startEventId).toBe(all[0].id);
  });

  it("without Last-Event-ID a thread's second run is read from its own RUN_STARTED, not the first run's events", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "first"));
    const first = await (await events(ana, threadId)).rest();
    const second = input(threadId, "second");
    await startRun(ana, second);
    const next = await (await events(ana, threadId)).rest();
    expect(data(next[0])).toMatchObject({ type: "RUN_STARTED", runId: second.runId });
    expect(textOf(next)).toBe("You said: second");
    expect(next.every((e) => !first.some((f) => f.id === e.id))).toBe(true);
  });

  it("Last-Event-ID replays exactly the events after it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "one two three four five"));
    const all = await (await events(ana, threadId)).rest();
    expect(all.length).toBeGreaterThan(4);
    const rest = await (await events(ana, threadId, all[2].id)).rest();
    expect(rest.map((e) => [e.id, e.data])).toEqual(all.slice(3).map((e) => [e.id, e.data]));
  });

  it("a client that lost the stream mid-run gets exactly the missed events when it reconnects", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(ana);
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "[stub:slow] tell me a long story", { forwardedProps: { agentId: slow.id } }));
    const first = await events(ana, threadId);
    const seen = await first.next(4);
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const rest = await (await events(ana, threadId, seen.at(-1)!.id)).rest();
    const ids = [...seen, ...rest].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rest.at(-1)!.event).toBe("RUN_FINISHED");
    const stored = await api.db.aguiMessage.findFirstOrThrow({ where: { threadId, role: "assistant" } });
    expect(textOf([...seen, ...rest])).toBe(stored.content);
    expect(stored.content.length).toBeGreaterThan(20);
  });

  it("a frontend tool pauses the run with the call, and resume continues the thread with the tool message", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    await startRun(ana, input(threadId, 'call tool confirm_booking with {"room": "Blue"}', { tools: [confirmTool] }));
    const paused = await (await events(ana, threadId)).rest();
    expect(paused.map((e) => e.event)).toEqual(["RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "RUN_FINISHED"]);
    const toolCallId = data(paused[1]).toolCallId as string;
    expect(data(paused[4]).outcome).toEqual({ type: "success", pendingToolCallIds: [toolCallId] });

    const resume = { threadId, runId: randomUUID(), messages: [{ id: randomUUID(), role: "tool", toolCallId, content: '{"confirmed":true}' }], tools: [confirmTool] };
    const accepted = await call(api.http, "POST", `/agent/runs/${threadId}/resume`, { token: ana.token, json: resume });
    expect(expectOk(accepted, 202, runAccepted)).toMatchObject({ threadId, runId: resume.runId, created: false });
    const next = await (await events(ana, threadId, paused.at(-1)!.id)).rest();
    expect(data(next[0])).toMatchObject({ type: "RUN_STARTED", runId: resume.runId });
    expect(textOf(next)).toBe('Tool confirm_booking returned: {"confirmed":true}');
    expect(next.at(-1)!.event).toBe("RUN_FINISHED");

    // Nothing waits any more: a second resume is refused.
    const again = await call(api.http, "POST", `/agent/runs/${threadId}/resume`, { token: ana.token, json: { ...resume, runId: randomUUID(), messages: [{ ...resume.messages[0], id: randomUUID() }] } });
    expectProblem(again, 409);
  });

  it("posting a runId the thread already has answers the same run and starts nothing", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    const body = input(threadId, "hello");
    const first = await startRun(ana, body);
    await (await events(ana, threadId)).rest();
    const second = await startRun(ana, body);
    expect(second).toEqual({ ...first, created: false });
    expect(await api.db.aguiRun.count({ where: { threadId } })).toBe(1);
    expect(await api.db.aguiMessage.count({ where: { threadId, role: "user" } })).toBe(1);
  });
});

describe("a finished thread whose events expired", () => {
  it("answers an empty stream that ends at once; the history still has the messages", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "keep me"));
    await (await events(ana, threadId)).rest();
    await getEventBus().expire(`agui:${threadId}`, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await (await events(ana, threadId)).rest(2_000)).toEqual([]);
    expect(await api.db.aguiMessage.count({ where: { threadId } })).toBe(2);
  });
});

describe("the Agent Runtime's documented errors", () => {
  it("401 without credentials, on every route", async () => {
    const threadId = randomUUID();
    for (const [method, path] of [
      ["POST", "/agent/runs"],
      ["POST", `/agent/runs/${threadId}/resume`],
      ["GET", `/agent/runs/${threadId}/events`],
      ["GET", `/agent/runs/${threadId}/history`],
      ["GET", "/agent/history"],
      ["POST", "/agui/agents/main"],
    ]) {
      expectProblem(await call(api.http, method, path, method === "POST" ? { json: input(threadId, "hi") } : {}), 401);
    }
  });

  it("403 for someone else's thread: new runs, resume, events and history", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "mine"));
    await (await events(ana, threadId)).rest();
    expectProblem(await call(api.http, "POST", "/agent/runs", { token: ben.token, json: input(threadId, "hijack") }), 403);
    expectProblem(await call(api.http, "POST", "/agui/agents/main", { token: ben.token, json: input(threadId, "hijack") }), 403);
    expectProblem(await call(api.http, "POST", `/agent/runs/${threadId}/resume`, { token: ben.token, json: input(threadId, "hijack") }), 403);
    expectProblem(await call(api.http, "GET", `/agent/runs/${threadId}/events`, { token: ben.token }), 403);
    expectProblem(await call(api.http, "GET", `/agent/runs/${threadId}/history`, { token: ben.token }), 403);
    expectProblem(await call(api.http, "GET", `/agent/history?threadId=${threadId}`, { token: ben.token }), 403);
    expect(await api.db.aguiMessage.count({ where: { threadId, content: "hijack" } })).toBe(0);
  });

  it("422 for a threadId that does not match the path, and for bodies outside RunAgentInput", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "hello", { tools: [confirmTool] }));
    await (await events(ana, threadId)).rest();
    const mismatch = expectProblem(await call(api.http, "POST", `/agent/runs/${threadId}/resume`, { token: ana.token, json: input(randomUUID(), "x") }), 422);
    expect(mismatch.detail).toMatch(/threadId/);
    expect(issuePaths(mismatch)).toEqual(["body.threadId"]);
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: { ...input("not-a-uuid", "x") } }), 422))).toContain("body.threadId");
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: { threadId } }), 422))).toContain("body.runId");
    const tooMany = input(randomUUID(), "x", { messages: Array.from({ length: 501 }, (_, i) => ({ id: `m${i}`, role: "user", content: "x" })) });
    expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: tooMany }), 422);
    expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: input(randomUUID(), "x", { forwardedProps: { agentId: "nope" } }) }), 422);
    // A new thread starts with a user message.
    expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: { threadId: randomUUID(), runId: "r1", messages: [] } }), 422);
    // A tool message must answer a call of the thread.
    const stray = { threadId, runId: randomUUID(), messages: [{ id: randomUUID(), role: "tool", toolCallId: "no-such-call", content: "{}" }] };
    expect(issuePaths(expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: stray }), 422))).toEqual(["body.messages.0.toolCallId"]);
  });

  it("404 for a thread that does not exist; 404 for an agent you may not use", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const missing = randomUUID();
    expectProblem(await call(api.http, "GET", `/agent/runs/${missing}/events`, { token: ana.token }), 404);
    expectProblem(await call(api.http, "GET", `/agent/runs/${missing}/history`, { token: ana.token }), 404);
    expectProblem(await call(api.http, "POST", `/agent/runs/${missing}/resume`, { token: ana.token, json: input(missing, "x") }), 404);
    const bens = expectOk(await call(api.http, "POST", "/agents", { token: ben.token, json: { name: "Private" } }), 201, agentSchema);
    expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: input(randomUUID(), "x", { forwardedProps: { agentId: bens.id } }) }), 404);
  });

  it("409 while a run of the thread is in progress; resume with nothing waiting is 409", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(ana);
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "[stub:slow] go on", { forwardedProps: { agentId: slow.id } }));
    expectProblem(await call(api.http, "POST", "/agent/runs", { token: ana.token, json: input(threadId, "and another") }), 409);
    await (await events(ana, threadId)).rest();
    expectProblem(await call(api.http, "POST", `/agent/runs/${threadId}/resume`, { token: ana.token, json: { threadId, runId: "r9", messages: [{ id: "t1", role: "tool", toolCallId: "c1", content: "{}" }] } }), 409);
  });
});

describe("recovery", () => {
  it("ends a run a dead process left running with RUN_ERROR, and the thread goes on", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    const accepted = await startRun(ana, input(threadId, "hello"));
    const before = await (await events(ana, threadId)).rest();
    await api.db.aguiRun.update({ where: { id: accepted.taskId }, data: { status: "running", owner: "a-dead-process", heartbeatAt: new Date(Date.now() - 60_000) } });
    await recoverAguiRuns(api.db, { owner: "this-process", exclusive: true });
    const run = await api.db.aguiRun.findUniqueOrThrow({ where: { id: accepted.taskId } });
    expect(run).toMatchObject({ status: "failed", error: AGUI_INTERRUPTED });
    const after = await (await events(ana, threadId, before.at(-1)!.id)).rest();
    expect(after.map((e) => e.event)).toEqual(["RUN_ERROR"]);
    expect(data(after[0])).toMatchObject({ message: AGUI_INTERRUPTED });
    await startRun(ana, input(threadId, "again"));
  });
});

describe.runIf(process.env.REDIS_URL)("on Redis", () => {
  it("Last-Event-ID replays the missed events after the server restarts (a new bus on the same Redis)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const threadId = randomUUID();
    await startRun(ana, input(threadId, "remember this across a restart"));
    const all = await (await events(ana, threadId)).rest();
    // The restart: this process forgets its bus and its Redis connection; the next request opens new ones.
    await closeRedis();
    setEventBus(undefined);
    const rest = await (await events(ana, threadId, all[1].id)).rest();
    expect(rest.map((e) => [e.id, e.data])).toEqual(all.slice(2).map((e) => [e.id, e.data]));
  });
});
