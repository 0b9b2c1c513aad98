import { randomUUID } from "node:crypto";
import { HttpAgent } from "@ag-ui/client";
import type { AGUIEvent } from "@ag-ui/core";
import { EventSchemas } from "@ag-ui/core/schemas";
import { describe, expect, it } from "vitest";
import { agent as agentSchema } from "@/features/agents/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { modelConfig } from "@/features/models/schemas";
import { setupApi, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { STUB_MODEL } from "../support/stub-provider";

/** @ag-ui/client's HttpAgent, unmodified, against the single-request endpoint of the running app. */
const api = setupApi();
const stub = setupStubProvider();

const endpoint = (agentId: string) => `${api.http.url}/api/v1/agui/agents/${agentId}`;

function clientFor(who: Person, agentId = "main", threadId = randomUUID()) {
  return new HttpAgent({ url: endpoint(agentId), headers: { authorization: `Bearer ${who.token}` }, threadId });
}

/** Runs the agent and keeps every event it received, each checked against @ag-ui/core's own schema. */
async function run(client: HttpAgent, parameters: Parameters<HttpAgent["runAgent"]>[0] = {}) {
  const events: AGUIEvent[] = [];
  const result = await client.runAgent(parameters, {
    onEvent: ({ event }) => {
      expect(EventSchemas.safeParse(event).success, JSON.stringify(event)).toBe(true);
      events.push(event as AGUIEvent);
    },
  });
  return { ...result, events, types: events.map((e) => e.type) };
}

const confirmTool = {
  name: "confirm_booking",
  description: "Ask the person in the browser to confirm a booking",
  parameters: { type: "object", properties: { room: { type: "string" } }, required: ["room"] },
};

describe("AG-UI single-request endpoint with @ag-ui/client's HttpAgent", () => {
  it("streams a run of the built-in model, from RUN_STARTED to RUN_FINISHED, and the client keeps the answer", async () => {
    const ana = await person(api.http, api.db, "ana");
    const client = clientFor(ana);
    client.addMessage({ id: randomUUID(), role: "user", content: "hello there" });
    const { types, newMessages, events } = await run(client);
    expect(types[0]).toBe("RUN_STARTED");
    expect(types.at(-1)).toBe("RUN_FINISHED");
    expect(types).toContain("TEXT_MESSAGE_CONTENT");
    expect(events[0]).toMatchObject({ threadId: client.threadId });
    expect(newMessages).toHaveLength(1);
    expect(newMessages[0]).toMatchObject({ role: "assistant", content: "You said: hello there" });
  });

  it("a second run on the thread sees the conversation, and the client's resent history is not stored twice", async () => {
    const ana = await person(api.http, api.db, "ana");
    const client = clientFor(ana);
    client.addMessage({ id: randomUUID(), role: "user", content: "first" });
    await run(client);
    client.addMessage({ id: randomUUID(), role: "user", content: "second" });
    const { newMessages } = await run(client);
    expect(newMessages[0]).toMatchObject({ role: "assistant", content: "You said: second" });
    const stored = await api.db.aguiMessage.findMany({ where: { threadId: client.threadId }, orderBy: { position: "asc" } });
    expect(stored.map((m) => [m.role, m.content])).toEqual([
      ["user", "first"],
      ["assistant", "You said: first"],
      ["user", "second"],
      ["assistant", "You said: second"],
    ]);
    // The ids the client holds are the ids the thread stored.
    expect(client.messages.map((m) => m.id)).toEqual(stored.map((m) => m.messageId));
  });

  it("a frontend tool call pauses the run with the call; the next run with the tool message continues it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const client = clientFor(ana);
    client.addMessage({ id: randomUUID(), role: "user", content: 'call tool confirm_booking with {"room": "Blue"}' });
    const paused = await run(client, { tools: [confirmTool] });
    expect(paused.types).toEqual(["RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "RUN_FINISHED"]);
    const start = paused.events[1] as { toolCallId: string; toolCallName: string };
    expect(start.toolCallName).toBe("confirm_booking");
    expect(paused.events.at(-1)).toMatchObject({ outcome: { type: "success", pendingToolCallIds: [start.toolCallId] } });
    const call = paused.newMessages[0] as { toolCalls?: { id: string; function: { name: string; arguments: string } }[] };
    expect(JSON.parse(call.toolCalls![0].function.arguments)).toEqual({ room: "Blue" });
    const row = await api.db.aguiRun.findFirstOrThrow({ where: { threadId: client.threadId } });
    expect(row.status).toBe("paused");

    client.addMessage({ id: randomUUID(), role: "tool", toolCallId: start.toolCallId, content: JSON.stringify({ confirmed: true }) });
    const resumed = await run(client, { tools: [confirmTool] });
    expect(resumed.newMessages[0]).toMatchObject({ role: "assistant", content: 'Tool confirm_booking returned: {"confirmed":true}' });
  });

  it("runs the agent named in the path with its own tools, and refuses someone else's agent with 404", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const created = expectOk(await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Clock", include_tools: ["calculator"] } }), 201, agentSchema);
    const client = clientFor(ana, created.id);
    client.addMessage({ id: randomUUID(), role: "user", content: 'call tool calculator with {"expression": "6*7"}' });
    const { types, events } = await run(client);
    expect(types).toContain("TOOL_CALL_RESULT");
    expect(JSON.stringify(events.find((e) => e.type === "TOOL_CALL_RESULT"))).toContain("42");
    expect(types.at(-1)).toBe("RUN_FINISHED");

    const theirs = clientFor(ben, created.id);
    theirs.addMessage({ id: randomUUID(), role: "user", content: "hi" });
    await expect(theirs.runAgent()).rejects.toThrow();
    const res = await call(api.http, "POST", `/agui/agents/${created.id}`, { token: ben.token, json: { threadId: randomUUID(), runId: "r1", messages: [{ id: "m1", role: "user", content: "hi" }] } });
    expectProblem(res, 404);
  });

  it("answers LF-only SSE: one data: line per event", async () => {
    const ana = await person(api.http, api.db, "ana");
    const response = await fetch(endpoint("main"), {
      method: "POST",
      headers: { authorization: `Bearer ${ana.token}`, "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ threadId: randomUUID(), runId: "r1", state: {}, messages: [{ id: "m1", role: "user", content: "hi" }], tools: [], context: [], forwardedProps: {} }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).not.toContain("\r");
    const data = text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)) as { type: string });
    expect(data[0].type).toBe("RUN_STARTED");
    expect(data.at(-1)!.type).toBe("RUN_FINISHED");
  });

  it("closing the request cancels the run: the model call stops and the thread is free again", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = expectOk(
      await call(api.http, "POST", "/model-configs", { token: ana.token, json: { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL } }),
      201,
      modelConfig,
    );
    const slow = expectOk(await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Slow", model_config: { model_config_id: config.id } } }), 201, agentSchema);
    const client = clientFor(ana, slow.id);
    client.addMessage({ id: randomUUID(), role: "user", content: "[stub:slow] a very long story" });
    let tokens = 0;
    const running = client.runAgent({}, { onTextMessageContentEvent: () => void (++tokens === 3 && client.abortRun()) }).catch(() => undefined);
    await running;
    const deadline = Date.now() + 10_000;
    let status = "";
    while (Date.now() < deadline) {
      status = (await api.db.aguiRun.findFirstOrThrow({ where: { threadId: client.threadId } })).status;
      if (status === "cancelled") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe("cancelled");
    await stub.waitForClosedEarly(1);
    client.addMessage({ id: randomUUID(), role: "user", content: "hello again" });
    const next = await client.runAgent({ runId: randomUUID() });
    expect(next.newMessages.at(-1)).toMatchObject({ role: "assistant" });
  });
});
