import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventList, sendResult, taskResult, topology } from "@/features/comms/schemas";
import { call, expectOk, type ApiResponse } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";
import { startReceiver, type WebhookReceiver } from "./agent-gateway-support";

/** Seed 000's comms layer over the agent gateway (real webhook receivers) and Atrium agents on the built-in model. */
const api = setupApi();
let ana: Person;
let ben: Person;
let restoreEnv: () => void;
const receivers: WebhookReceiver[] = [];
let helperId: string;

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1", AGENT_GATEWAY_RETRY_BASE_MS: "100", AGENT_GATEWAY_MAX_ATTEMPTS: "2", AGENT_GATEWAY_WEBHOOK_TIMEOUT_MS: "2000" });
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
  const created = await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Helper", description: "Summarises documents", system_prompt: "Answer briefly." } });
  expect(created.status, created.text).toBe(201);
  helperId = (created.body as { id: string }).id;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  restoreEnv?.();
});

const comms = (method: string, path: string, who: Person, json?: unknown) => call(api.http, method, `/api/comms${path}`, { token: who.token, json });

async function gatewayAgent(who: Person, agentId: string, extra: Record<string, unknown> = {}) {
  const hook = await startReceiver();
  receivers.push(hook);
  const res = await fetch(`${api.http.url}/gateway/register`, {
    method: "POST",
    headers: { authorization: `Bearer ${who.token}`, "content-type": "application/json" },
    body: JSON.stringify({ agent_id: agentId, agent_name: agentId, webhook_url: hook.url, ...extra }),
  });
  expect(res.status).toBe(200);
  return hook;
}

async function eventsOf(who: Person) {
  return expectOk(await comms("GET", "/events?limit=200", who), 200, eventList).events;
}

async function until<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const expect422 = (res: ApiResponse) => expect(res.status, res.text).toBe(422);

describe("comms send", () => {
  it("to agent:<id>: the Atrium agent answers in the background and the reply is an event addressed to the sender", async () => {
    const sent = expectOk(await comms("POST", "/send", ana, { to: `agent:${helperId}`, content: "Please review the latest PR", from: "system" }), 200, sendResult);
    expect(sent).toMatchObject({ to: `agent:${helperId}`, status: "queued", message_id: expect.stringMatching(/^msg-/) });
    const reply = await until(async () => (await eventsOf(ana)).find((e) => e.type === "agent.reply" && e.message_id === sent.message_id));
    expect(reply).toMatchObject({ from: `agent:${helperId}`, to: "system", data: { in_reply_to: sent.message_id } });
    expect(reply.content.length).toBeGreaterThan(0);
    expect((await eventsOf(ana)).find((e) => e.type === "message.sent" && e.message_id === sent.message_id)).toMatchObject({ from: "system", content: "Please review the latest PR" });
  });

  it("to gateway:<agent_id>: pushed to the agent's webhook now, recorded as a delivery event", async () => {
    const hook = await gatewayAgent(ana, "reviewer", { capabilities: ["code-review"] });
    const sent = expectOk(await comms("POST", "/send", ana, { to: "gateway:reviewer", content: "Hello reviewer", from: "planner" }), 200, sendResult);
    expect(sent).toMatchObject({ status: "sent", conversation_id: expect.stringMatching(/^conv-/) });
    const [push] = await hook.waitFor(1);
    expect(push.body).toMatchObject({ message_id: sent.message_id, from_agent_id: "planner", content: [{ type: "text", text: "Hello reviewer" }] });
    const delivered = await until(async () => (await eventsOf(ana)).find((e) => e.type === "message.delivered" && e.message_id === sent.message_id));
    expect(delivered).toMatchObject({ from: "planner", to: "gateway:reviewer", content: "Hello reviewer", data: { attempt: 1, status_code: 200 } });
    expect((await comms("POST", "/send", ana, { to: "gateway:nobody", content: "hi" })).status).toBe(404);
  });

  it("to channel:<name>: recorded and pushed to every online subscriber, from the channel", async () => {
    const one = await gatewayAgent(ana, "sub-1", { metadata: { channels: ["ops"] } });
    const two = await gatewayAgent(ana, "sub-2", { metadata: { channels: ["ops", "dev"] } });
    const outsider = await gatewayAgent(ana, "not-subscribed", { metadata: { channels: ["dev"] } });
    const sent = expectOk(await comms("POST", "/send", ana, { to: "channel:ops", content: "deploy at noon", from: "lead" }), 200, sendResult);
    expect(sent).toMatchObject({ status: "queued", recipients: ["sub-1", "sub-2"] });
    for (const hook of [one, two]) {
      const [push] = await hook.waitFor(1);
      expect(push.body).toMatchObject({ from_agent_id: "channel:ops", content: [{ type: "text", text: "deploy at noon" }], metadata: { channel: "ops", sender: "lead" } });
    }
    expect(outsider.received).toHaveLength(0);
    expect((await eventsOf(ana)).find((e) => e.type === "channel.message" && e.message_id === sent.message_id)).toMatchObject({ from: "lead", to: "channel:ops", data: { recipients: ["sub-1", "sub-2"] } });
  });

  it("refuses a bad `to` (422) and another owner's agent (404)", async () => {
    for (const to of ["nobody", "agent:not-a-uuid", "channel:", "gateway:bad id", "peer:x", `agent:${helperId}x`]) expect422(await comms("POST", "/send", ana, { to, content: "x" }));
    expect422(await comms("POST", "/send", ana, { to: "channel:ops", content: "" }));
    expect422(await comms("POST", "/send", ana, { to: "channel:ops", content: "x".repeat(20_001) }));
    expect((await comms("POST", "/send", ben, { to: `agent:${helperId}`, content: "hi" })).status).toBe(404);
    expect((await comms("POST", "/send", ben, { to: "gateway:reviewer", content: "hi" })).status).toBe(404);
  });
});

describe("comms task dispatch", () => {
  it("goes to the gateway agent listing the capability", async () => {
    const hook = await gatewayAgent(ana, "translator", { capabilities: ["translate"] });
    const res = expectOk(await comms("POST", "/task", ana, { task: "Put this into French", capability: "translate" }), 200, taskResult);
    expect(res).toMatchObject({ dispatched_to: "gateway:translator", agent_name: "translator", status: "queued" });
    const [push] = await hook.waitFor(1);
    expect(push.body).toMatchObject({ message_id: res.message_id, content: [{ type: "text", text: "Put this into French" }], metadata: { task: true, capability: "translate" } });
  });

  it("goes to the Atrium agent whose description matches the task's words, and it answers", async () => {
    const res = expectOk(await comms("POST", "/task", ana, { task: "summarises the quarterly documents" }), 200, taskResult);
    expect(res).toMatchObject({ dispatched_to: `agent:${helperId}`, agent_name: "Helper" });
    expect(res.reason).toMatch(/matches/);
    await until(async () => (await eventsOf(ana)).find((e) => e.type === "agent.reply" && e.message_id === res.message_id));
    expect((await eventsOf(ana)).find((e) => e.type === "task.dispatched" && e.message_id === res.message_id)).toMatchObject({ to: `agent:${helperId}` });
  });

  it("answers 404 when no agent offers the capability, and for someone with no agents at all", async () => {
    expect((await comms("POST", "/task", ana, { task: "x", capability: "teleport" })).status).toBe(404);
    expect((await comms("POST", "/task", ben, { task: "anything at all" })).status).toBe(404);
    expect422(await comms("POST", "/task", ana, { task: "" }));
  });
});

describe("comms topology and events", () => {
  it("draws the caller's agents, gateway agents with online state, channels and who talked to whom", async () => {
    await api.db.gatewayAgent.updateMany({ where: { userId: ana.id, agentId: "not-subscribed" }, data: { lastHeartbeatAt: new Date(Date.now() - 3_600_000) } });
    const graph = expectOk(await comms("GET", "/topology", ana), 200, topology);
    const node = (id: string) => graph.nodes.find((n) => n.id === id);
    expect(node(`agent:${helperId}`)).toMatchObject({ kind: "atrium_agent", label: "Helper" });
    expect(node("gateway:reviewer")).toMatchObject({ kind: "gateway_agent", online: true });
    expect(node("gateway:not-subscribed")).toMatchObject({ kind: "gateway_agent", online: false });
    expect(node("channel:ops")).toMatchObject({ kind: "channel", label: "#ops" });
    expect(node("sender:planner")).toMatchObject({ kind: "sender" });
    const edge = (source: string, target: string, kind = "message") => graph.edges.find((e) => e.source === source && e.target === target && e.kind === kind);
    expect(edge("sender:planner", "gateway:reviewer")).toMatchObject({ count: 1 });
    expect(edge("sender:system", `agent:${helperId}`)?.count).toBeGreaterThanOrEqual(1);
    expect(edge(`agent:${helperId}`, "sender:system")?.count).toBeGreaterThanOrEqual(1);
    expect(edge("sender:lead", "channel:ops")).toMatchObject({ count: 1 });
    expect(edge("channel:ops", "gateway:sub-1")).toMatchObject({ count: 1 });
    expect(edge("gateway:sub-2", "channel:dev", "member")).toBeTruthy();

    const other = expectOk(await comms("GET", "/topology", ben), 200, topology);
    expect(other.nodes).toEqual([]);
    expect(other.edges).toEqual([]);
  });

  it("lists recent events newest first, bounded by limit, only the caller's", async () => {
    const all = await eventsOf(ana);
    expect(all.length).toBeGreaterThan(5);
    const times = all.map((e) => e.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(expectOk(await comms("GET", "/events?limit=2", ana), 200, eventList).events).toEqual(all.slice(0, 2));
    expect422(await comms("GET", "/events?limit=201", ana));
    expect((await eventsOf(ben)).length).toBe(0);
  });

  it("streams events live over SSE and replays exactly what followed Last-Event-ID", async () => {
    const auth = { authorization: `Bearer ${ana.token}` };
    const live = await openSse(`${api.http.url}/api/comms/events/stream`, auth);
    let firstId: string;
    const seen: { id?: string; data: string }[] = [];
    try {
      await comms("POST", "/send", ana, { to: "channel:quiet", content: "one", from: "streamer" });
      await comms("POST", "/send", ana, { to: "channel:quiet", content: "two", from: "streamer" });
      await comms("POST", "/send", ana, { to: "channel:quiet", content: "three", from: "streamer" });
      seen.push(...(await live.next(3)));
      const data = seen.map((e) => JSON.parse(e.data) as { type: string; content: string; stream_id: string });
      expect(data.map((d) => [d.type, d.content])).toEqual([["channel.message", "one"], ["channel.message", "two"], ["channel.message", "three"]]);
      expect(seen.every((e) => /^\d+-\d+$/.test(e.id ?? ""))).toBe(true);
      expect(data[0].stream_id).toBe(seen[0].id);
      firstId = seen[0].id!;
    } finally {
      live.close();
    }
    // the listing names the same stream ids, so a page can list first and stream from its newest
    expect((await eventsOf(ana)).find((e) => e.content === "one")?.stream_id).toBe(firstId);

    const again = await openSse(`${api.http.url}/api/comms/events/stream`, { ...auth, "last-event-id": firstId });
    try {
      const replayed = await again.next(2);
      expect(replayed.map((e) => e.id)).toEqual(seen.slice(1).map((e) => e.id));
      await comms("POST", "/send", ana, { to: "channel:quiet", content: "four", from: "streamer" });
      const [next] = await again.next(1);
      expect(JSON.parse(next.data)).toMatchObject({ type: "channel.message", content: "four" });
    } finally {
      again.close();
    }
    const benStream = await openSse(`${api.http.url}/api/comms/events/stream`, { authorization: `Bearer ${ben.token}`, "last-event-id": "0-0" });
    try {
      await expect(benStream.next(1, 500)).rejects.toThrow();
    } finally {
      benStream.close();
    }
  });

  it("refuses anonymous callers", async () => {
    expect((await call(api.http, "GET", "/api/comms/topology")).status).toBe(401);
    expect((await call(api.http, "GET", "/api/comms/events/stream")).status).toBe(401);
    expect((await call(api.http, "POST", "/api/comms/send", { json: { to: "channel:x", content: "x" } })).status).toBe(401);
  });
});
