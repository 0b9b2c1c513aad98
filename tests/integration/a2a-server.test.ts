import { TaskState } from "@a2a-js/sdk";
import { describe, expect, it, vi } from "vitest";
import { taskStream } from "@/features/a2a-server/service/events";
import { waitForEnd } from "@/features/a2a-server/service/follow";
import { getEventBus } from "@/server/events";
import { call } from "../support/api";
import { setupApi, setupStubProvider } from "../support/harness";
import { person } from "../support/people";
import { a2aClient, apiKey, deployedAgent, rpc, sendParams, slowAgent, textOfTask, userMessage } from "./a2a-server-support";

const api = setupApi();
const stub = setupStubProvider();

describe("A2A protocol 1.0 with the SDK's ClientFactory", { timeout: 120_000 }, () => {
  it("reads the card, sends a message and gets the completed task with the agent's answer", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const card = await client.getAgentCard();
    expect(card.supportedInterfaces[0]).toMatchObject({ url: `${api.http.url}/a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" });
    expect(card.skills.map((s) => s.id)).toEqual([echo.id]);
    const result = await client.sendMessage(sendParams(userMessage("hello over A2A", { skillId: echo.id })));
    expect("status" in result).toBe(true);
    const task = result as Extract<typeof result, { status: unknown }>;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfTask(task)).toBe("You said: hello over A2A");
    const fetched = await client.getTask({ tenant: "", id: task.id, historyLength: 1 });
    expect(fetched.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(fetched.history).toHaveLength(1);
    expect(fetched.history[0].role).toBe(2);
  });

  it("streams a task's events, ending in a terminal state", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const events = [];
    for await (const event of client.sendMessageStream(sendParams(userMessage("stream me", { skillId: echo.id })))) events.push(event);
    expect(events[0].payload?.$case).toBe("task");
    const last = events.at(-1)!;
    expect(last.payload?.$case).toBe("statusUpdate");
    expect(last.payload?.$case === "statusUpdate" && last.payload.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const text = events.flatMap((e) => (e.payload?.$case === "artifactUpdate" ? [e.payload.value] : [])).reduce((acc, a) => (a.append ? acc : "") + a.artifact!.parts.map((p) => (p.content?.$case === "text" ? p.content.value : "")).join(""), "");
    expect(text).toBe("You said: stream me");
    // The same events sit on the task's bus stream, with Redis Streams-style ids a resubscribe replays from.
    const stored = await getEventBus().readAfter(taskStream(events[0].payload?.$case === "task" ? events[0].payload.value.id : ""), undefined);
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(stored.every((e) => /^\d+-\d+$/.test(e.id))).toBe(true);
  });

  it("cancels a slow task, which then reads canceled, and a second cancel is -32002", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(api.http, ana, stub.baseUrl);
    const key = await apiKey(api.http, ana);
    const client = await a2aClient(api.http, key);
    const started = await client.sendMessage(sendParams(userMessage("[stub:slow] a long story", { skillId: slow.id }), { returnImmediately: true }));
    const id = (started as { id: string }).id;
    // Cancel while the agent is answering: once its model call reached the model server.
    await vi.waitFor(() => expect(stub.requests.some((r) => JSON.stringify(r.body).includes("a long story"))).toBe(true), { timeout: 15_000, interval: 50 });
    const canceled = await client.cancelTask({ tenant: "", id, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect((await client.getTask({ tenant: "", id })).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const again = await rpc(api.http, key, "CancelTask", { id });
    expect(again.body.error?.code).toBe(-32002);
    // The job was stopped: the model call it was streaming was closed early, not left to run.
    await stub.waitForClosedEarly(1, 10_000);
  });
});

describe("bounded waits", () => {
  it("a blocking send that outlasts its wait answers the task still working, and the task goes on to complete", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(api.http, ana, stub.baseUrl);
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const started = (await client.sendMessage(sendParams(userMessage("[stub:slow] take your time", { skillId: slow.id }), { returnImmediately: true }))) as { id: string };
    const row = await api.db.a2aTask.findUniqueOrThrow({ where: { id: started.id } });
    // The same wait SendMessage and /a2a/tasks/send use (60 s there), made short.
    const waited = await waitForEnd(api.db, row, 300, new AbortController().signal);
    expect(["submitted", "working"]).toContain(waited.state);
    const done = await waitForEnd(api.db, waited, 20_000, new AbortController().signal);
    expect(done.state).toBe("completed");
  }, 60_000);
});

describe("A2A auth", () => {
  it("answers 401 with a JSON-RPC error and WWW-Authenticate without a key, with a bad one, and for a cookie alone", async () => {
    for (const headers of [{}, { authorization: "Bearer atr_nope" }, { cookie: "next-auth.session-token=x" }] as Record<string, string>[]) {
      const res = await rpc(api.http, null, "ListTasks", {}, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ jsonrpc: "2.0", error: { code: -32001 } });
    }
  });
});

describe("A2A tasks: subscribe, list, and whose they are", () => {
  it("resubscribes to a running task: the snapshot first, then its events to the end", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(api.http, ana, stub.baseUrl);
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const started = (await client.sendMessage(sendParams(userMessage("[stub:slow] go", { skillId: slow.id }), { returnImmediately: true }))) as { id: string };
    const events = [];
    for await (const event of client.resubscribeTask({ tenant: "", id: started.id })) events.push(event);
    expect(events[0].payload?.$case).toBe("task");
    const last = events.at(-1)!;
    expect(last.payload?.$case === "statusUpdate" && last.payload.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const done = await client.getTask({ tenant: "", id: started.id });
    expect(textOfTask(done)).toBe(Array.from({ length: 60 }, (_, i) => `word${i}`).join(" "));
  }, 30_000);

  it("lists the caller's tasks newest first, pages them and filters by context and state", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const ids: string[] = [];
    for (const text of ["one", "two", "three"]) ids.push(((await client.sendMessage(sendParams(userMessage(text, { skillId: echo.id, contextId: "ctx-list" })))) as { id: string }).id);
    const first = await client.listTasks({ tenant: "", contextId: "ctx-list", status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 2, pageToken: "", statusTimestampAfter: undefined });
    expect(first.tasks.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    expect(first.totalSize).toBe(3);
    expect(first.nextPageToken).not.toBe("");
    const second = await client.listTasks({ tenant: "", contextId: "ctx-list", status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 2, pageToken: first.nextPageToken, statusTimestampAfter: undefined });
    expect(second.tasks.map((t) => t.id)).toEqual([ids[0]]);
    expect(second.nextPageToken).toBe("");
    const failed = await client.listTasks({ tenant: "", contextId: "ctx-list", status: TaskState.TASK_STATE_FAILED, pageToken: "", statusTimestampAfter: undefined });
    expect(failed.tasks).toEqual([]);
  });

  it("continues a conversation: a message with an earlier contextId gets the earlier exchange as context", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    const first = (await client.sendMessage(sendParams(userMessage("my name is Ana", { skillId: echo.id })))) as { contextId: string };
    await client.sendMessage(sendParams(userMessage("what is my name?", { skillId: echo.id, contextId: first.contextId })));
    const row = await api.db.a2aTask.findFirstOrThrow({ where: { userId: ana.id, contextId: first.contextId }, orderBy: { createdAt: "desc" } });
    expect(row.prompt).toContain("User: my name is Ana");
    expect(row.prompt).toMatch(/Now:\nwhat is my name\?$/);
  });

  it("treats another person's task as not found (-32001) for get, cancel and subscribe", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const anaClient = await a2aClient(api.http, await apiKey(api.http, ana));
    const task = (await anaClient.sendMessage(sendParams(userMessage("private", { skillId: echo.id })))) as { id: string };
    const benKey = await apiKey(api.http, ben);
    for (const method of ["GetTask", "CancelTask", "SubscribeToTask"]) {
      const res = await rpc(api.http, benKey, method, { id: task.id });
      expect(res.status).toBe(200);
      expect(res.body.error?.code, method).toBe(-32001);
    }
    const listed = await rpc(api.http, benKey, "ListTasks", {});
    expect(listed.body.result).toMatchObject({ tasks: [], totalSize: 0 });
    // Ana's agent is no skill of Ben's either.
    const borrowed = await rpc(api.http, benKey, "SendMessage", { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }], metadata: { skillId: echo.id } } });
    expect(borrowed.body.error?.code).toBe(-32602);
  });
});

describe("agents shared with the caller", () => {
  it("an agent shared at use is a skill of the caller's card and answers their messages; GetExtendedAgentCard lists it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const helper = await deployedAgent(api.http, ana, "Shared Helper");
    expect((await call(api.http, "POST", `/permissions/resources/agent/${helper.id}/grants`, { token: ana.token, json: { user_id: ben.id, level: "use" } })).status).toBe(201);
    const benKey = await apiKey(api.http, ben);
    const extended = await rpc(api.http, benKey, "GetExtendedAgentCard", {});
    expect((extended.body.result as { skills: { id: string }[] }).skills.map((s) => s.id)).toEqual([helper.id]);
    const client = await a2aClient(api.http, benKey);
    const task = (await client.sendMessage(sendParams(userMessage("hello from Ben")))) as Parameters<typeof textOfTask>[0] & { status?: { state: number } };
    // Ben has no agent of his own: the only one he may use answers.
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOfTask(task)).toBe("You said: hello from Ben");
    expect((await api.db.a2aTask.findFirstOrThrow({ where: { userId: ben.id } })).agentId).toBe(helper.id);
  });
});

describe("A2A JSON-RPC errors", () => {
  it("answers the protocol's errors with HTTP 200", async () => {
    const ana = await person(api.http, api.db, "ana");
    const key = await apiKey(api.http, ana);
    expect((await rpc(api.http, key, "NoSuchMethod", {})).body.error?.code).toBe(-32601);
    expect((await rpc(api.http, key, "CreateTaskPushNotificationConfig", { taskId: "x" })).body.error?.code).toBe(-32003);
    expect((await rpc(api.http, key, "GetTask", { id: "" })).body.error?.code).toBe(-32602);
    expect((await rpc(api.http, key, "SendMessage", { message: { parts: [] } })).body.error?.code).toBe(-32602);
    expect((await rpc(api.http, key, "GetTask", { id: "00000000-0000-4000-8000-000000000000" })).body.error?.code).toBe(-32001);
    // No deployed agent to answer.
    expect((await rpc(api.http, key, "SendMessage", { message: { messageId: "m", role: "ROLE_USER", parts: [{ text: "hi" }] } })).body.error?.code).toBe(-32602);
    const raw = (body: string) => fetch(`${api.http.url}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body });
    const parse = await raw("{nope");
    expect(parse.status).toBe(200);
    expect(await parse.json()).toMatchObject({ error: { code: -32700 } });
    expect(await (await raw(JSON.stringify([{ jsonrpc: "2.0" }]))).json()).toMatchObject({ error: { code: -32600 } });
    const huge = await raw(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { parts: [{ text: "x".repeat(2 * 1024 * 1024) }] } } }));
    expect(huge.status).toBe(413);
    const get = await fetch(`${api.http.url}/a2a/jsonrpc`, { headers: { authorization: `Bearer ${key}` } });
    expect(get.status).toBe(405);
  });
});
