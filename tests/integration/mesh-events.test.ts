import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSse, type SseClient } from "../support/sse";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { expectMeshError, mesh, settledTask, startExternalAgent, type ExternalAgent } from "./mesh-support";

/** Runs on the memory bus by default and on Redis Streams when REDIS_URL is set (the real-services run). */
const api = setupApi();
let ana: Person;
let ben: Person;
let restoreEnv: () => void;
let agent: ExternalAgent;

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
  agent = await startExternalAgent((body) => ({ json: { result: `done: ${(body.payload as { task: string }).task}` } }));
  const res = await mesh(api.http, "POST", "/agents", { token: ana.token, json: { id: "worker", name: "Worker", type: "process", capabilities: ["general"], endpoint: agent.url } });
  expect(res.status, res.text).toBe(201);
});
afterAll(async () => {
  await agent?.close();
  restoreEnv?.();
});

const auth = (p: Person) => ({ authorization: `Bearer ${p.token}` });
const dataOf = (e: { data: string }) => JSON.parse(e.data) as { type: string; task_id?: string; result?: unknown; [k: string]: unknown };

async function submit(task: string) {
  const res = await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { payload: { task } } });
  expect(res.status, res.text).toBe(202);
  return (res.body as { task_id: string }).task_id;
}

/** Reads events until one of `type` for `taskId` arrives; returns everything read. */
async function until(client: SseClient, type: string, taskId: string) {
  const seen: { id?: string; data: string }[] = [];
  for (;;) {
    const [event] = await client.next(1, 15_000);
    seen.push(event);
    const data = dataOf(event);
    if (data.type === type && data.task_id === taskId) return seen;
  }
}

describe(`agentmesh /events (${process.env.REDIS_URL ? "Redis Streams" : "memory bus"})`, () => {
  it("starts with connected and welcome (no ids), then the task's events as seed 001 writes them", async () => {
    const client = await openSse(`${api.http.url}/events`, auth(ana));
    try {
      const [connected, welcome] = (await client.next(2)).map((e) => ({ id: e.id, data: dataOf(e) }));
      expect(connected).toMatchObject({ id: undefined, data: { type: "connected", client_id: expect.any(String) } });
      expect(welcome.data).toMatchObject({ type: "welcome", agents: [expect.objectContaining({ id: "worker", status: "online" })] });
      const taskId = await submit("first job");
      const events = (await until(client, "task.completed", taskId)).map(dataOf);
      expect(events.map((e) => e.type)).toEqual(["task.submitted", "task_status", "task_status", "task.completed"]);
      expect(events[0]).toMatchObject({ task_id: taskId, assigned_agents: ["worker"], timestamp: expect.any(Number) });
      expect(events.at(-1)).toMatchObject({ type: "task.completed", task_id: taskId, result: "done: first job" });
    } finally {
      client.close();
    }
  });

  it("reconnecting with Last-Event-ID replays exactly the events after it, then goes on live", async () => {
    const first = await openSse(`${api.http.url}/events`, auth(ana));
    await first.next(2);
    const taskId = await submit("second job");
    const seen = await until(first, "task.completed", taskId);
    first.close();
    const cursor = seen[0];
    expect(cursor.id).toMatch(/^\d+-\d+$/);

    const again = await openSse(`${api.http.url}/events`, { ...auth(ana), "last-event-id": cursor.id! });
    try {
      await again.next(2); // connected, welcome
      const replayed = await again.next(seen.length - 1);
      expect(replayed.map((e) => e.id)).toEqual(seen.slice(1).map((e) => e.id));
      expect(replayed.map((e) => e.data)).toEqual(seen.slice(1).map((e) => e.data));
      const later = await submit("third job");
      const live = (await until(again, "task.completed", later)).map(dataOf);
      expect(live[0]).toMatchObject({ type: "task.submitted", task_id: later });
    } finally {
      again.close();
    }
  });

  it("?taskId= streams only that task (its current status first); broadcasts reach every client", async () => {
    const one = await submit("filtered job");
    await settledTask(api.http, ana.token, one);
    const other = await submit("other job");
    await settledTask(api.http, ana.token, other);
    const client = await openSse(`${api.http.url}/events?taskId=${one}`, { ...auth(ana), "last-event-id": "0-0" });
    try {
      const head = (await client.next(3)).map(dataOf);
      expect(head.map((e) => e.type)).toEqual(["connected", "task_status", "welcome"]);
      expect(head[1]).toMatchObject({ task: { id: one, status: "completed", result: "done: filtered job" } });
      const replay = await until(client, "task.completed", one);
      expect(replay.map(dataOf).every((e) => e.task_id === one)).toBe(true);
      const sent = await mesh(api.http, "POST", "/broadcast", { token: ana.token, json: { type: "notice", data: { text: "hello" } } });
      expect(sent.status, sent.text).toBe(200);
      expect((sent.body as { delivered: number }).delivered).toBeGreaterThanOrEqual(1);
      const [notice] = (await client.next(1)).map(dataOf);
      expect(notice).toMatchObject({ type: "notice", data: { text: "hello" }, timestamp: expect.any(Number) });
    } finally {
      client.close();
    }
  });

  it("?spaceId= streams only the tasks of that space", async () => {
    const { space_id } = (await mesh(api.http, "POST", "/spaces", { token: ana.token, json: { metadata: { name: "S" } } })).body as { space_id: string };
    const client = await openSse(`${api.http.url}/events?spaceId=${space_id}`, auth(ana));
    try {
      await client.next(2); // connected, welcome
      await submit("outside the space");
      const inside = await mesh(api.http, "POST", "/tasks", { token: ana.token, json: { payload: { task: "inside the space", context: { shared_space_id: space_id } } } });
      const insideId = (inside.body as { task_id: string }).task_id;
      const events = (await until(client, "task.completed", insideId)).map(dataOf);
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(events.every((e) => e.task_id === insideId && e.space_id === space_id)).toBe(true);
    } finally {
      client.close();
    }
  });

  it("nobody streams another user's events: their task or space is 404, their own stream has none of them", async () => {
    const taskId = await submit("private job");
    expectMeshError(await mesh(api.http, "GET", `/events?taskId=${taskId}`, { token: ben.token, headers: { accept: "text/event-stream" } }), 404, "TASK_NOT_FOUND");
    const { space_id } = (await mesh(api.http, "POST", "/spaces", { token: ana.token, json: {} })).body as { space_id: string };
    expectMeshError(await mesh(api.http, "GET", `/events?spaceId=${space_id}`, { token: ben.token, headers: { accept: "text/event-stream" } }), 404, "SPACE_NOT_FOUND");
    expectMeshError(await mesh(api.http, "GET", "/events?taskId=nope", { token: ana.token, headers: { accept: "text/event-stream" } }), 422, "VALIDATION_ERROR");
    const bens = await openSse(`${api.http.url}/events`, { ...auth(ben), "last-event-id": "0-0" });
    try {
      const [, welcome] = (await bens.next(2)).map(dataOf);
      expect(welcome).toMatchObject({ type: "welcome", agents: [] });
      await expect(bens.next(1, 500)).rejects.toThrow(/expected 1 SSE event/);
    } finally {
      bens.close();
    }
  });
});
