import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failAbandonedDeliveries } from "@/features/agent-gateway/service/deliveries";
import { agentList, agentStatusBody, deliveryList, health, registered, sent } from "@/features/agent-gateway/schemas";
import { apiKeyCreated } from "@/features/identity/schemas";
import { call, expectOk } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { startApiServer } from "../support/http";
import { person, type Person } from "../support/people";
import { signatureIsValid, startReceiver, type WebhookReceiver } from "./agent-gateway-support";

/** Seed 002's flow against a real webhook receiver on 127.0.0.1, with the timeouts shortened for the test. */
const api = setupApi();
let ana: Person;
let ben: Person;
let anaKey: string;
let restoreEnv: () => void;
const receivers: WebhookReceiver[] = [];

const TIMEOUT_MS = 800;
beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1", AGENT_GATEWAY_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), AGENT_GATEWAY_RETRY_BASE_MS: "100", AGENT_GATEWAY_MAX_ATTEMPTS: "3" });
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
  anaKey = expectOk(await call(api.http, "POST", "/users/me/api-keys", { token: ana.token, json: { name: "gateway" } }), 201, apiKeyCreated).key;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  restoreEnv?.();
});

async function gateway(method: string, path: string, options: { token?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${api.http.url}/gateway${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function receiver(mode: number | "hang" = 200) {
  const r = await startReceiver(mode);
  receivers.push(r);
  return r;
}

async function register(who: { token?: string } | string, agentId: string, url: string, extra: Record<string, unknown> = {}) {
  const token = typeof who === "string" ? who : who.token;
  const res = await gateway("POST", "/register", { token, json: { agent_id: agentId, agent_name: `Agent ${agentId}`, agent_type: "analyst", capabilities: ["search", "analyze"], description: "test agent", webhook_url: url, ...extra } });
  return expectOk({ ...res, body: res.body }, 200, registered);
}

const hello = (to: string, extra: Record<string, unknown> = {}) => ({ from_agent_id: "sender-001", to_agent_id: to, content: [{ type: "text", text: "Hello" }], metadata: { trace: "t-1" }, ...extra });

describe("agent gateway (seed 002)", () => {
  it("refuses callers without an API key (401)", async () => {
    expect((await gateway("GET", "/agents")).status).toBe(401);
    expect((await gateway("POST", "/register", { json: { agent_id: "x", webhook_url: "http://127.0.0.1:1/x" } })).status).toBe(401);
  });

  it("registers with an API key, lists online agents, answers status and health", async () => {
    const hook = await receiver();
    const reg = await register(anaKey, "research-1", hook.url);
    expect(reg).toMatchObject({ status: "registered", agent_id: "research-1" });
    expect(reg.webhook_secret).toMatch(/^whsec_/);
    expect((await api.db.gatewayAgent.findFirstOrThrow({ where: { agentId: "research-1" } })).secretEnc).not.toContain(reg.webhook_secret);

    const list = expectOk(await gateway("GET", "/agents", { token: anaKey }), 200, agentList);
    expect(list.total).toBe(1);
    expect(list.agents[0]).toMatchObject({ agent_id: "research-1", agent_name: "Agent research-1", agent_type: "analyst", capabilities: ["search", "analyze"], status: "online" });
    expect(Date.parse(list.agents[0].last_heartbeat)).toBeGreaterThan(Date.now() - 10_000);
    expect(expectOk(await gateway("GET", "/agents?agent_type=writer", { token: anaKey }), 200, agentList).total).toBe(0);

    expect(expectOk(await gateway("GET", "/status/research-1", { token: anaKey }), 200, agentStatusBody)).toMatchObject({ agent_id: "research-1", status: "online" });
    expect((await gateway("POST", "/heartbeat", { token: anaKey, json: { agent_id: "research-1" } })).body).toEqual({ status: "ok" });
    expect((await gateway("POST", "/heartbeat", { token: anaKey, json: { agent_id: "nobody" } })).status).toBe(404);

    const status = expectOk(await gateway("GET", "/health", { token: anaKey }), 200, health);
    expect(status).toMatchObject({ status: "running", version: "1.0.0", registered_agents: 1, online_agents: 1 });
    expect(status.uptime_seconds).toBeGreaterThanOrEqual(0);
    expect(expectOk(await gateway("GET", "/health"), 200, health)).toMatchObject({ registered_agents: 0 });
  });

  it("pushes a sent message to the webhook in 002's exact body, signed with the registration's secret", async () => {
    const hook = await receiver();
    const { webhook_secret } = await register(ana, "receiver-1", hook.url);
    const res = expectOk(await gateway("POST", "/send", { token: ana.token, json: hello("receiver-1", { conversation_id: "conv-abc-123" }) }), 200, sent);
    expect(res).toMatchObject({ status: "sent", conversation_id: "conv-abc-123", message_id: expect.stringMatching(/^msg-/) });
    const [push] = await hook.waitFor(1);
    expect(Object.keys(push.body)).toEqual(["message_id", "conversation_id", "from_agent_id", "content", "metadata", "timestamp"]);
    expect(push.body).toMatchObject({ message_id: res.message_id, conversation_id: "conv-abc-123", from_agent_id: "sender-001", content: [{ type: "text", text: "Hello" }], metadata: { trace: "t-1" } });
    expect(Date.parse(push.body.timestamp as string)).toBeGreaterThan(Date.now() - 10_000);
    expect(push.headers["content-type"]).toBe("application/json");
    expect(signatureIsValid(push.headers["x-atrium-signature"], push.raw, webhook_secret)).toBe(true);
    expect(signatureIsValid(push.headers["x-atrium-signature"], push.raw, "whsec_wrong")).toBe(false);
    expect(signatureIsValid(push.headers["x-atrium-signature"], push.raw.replace("Hello", "Hellx"), webhook_secret)).toBe(false);

    // conversation_id is generated when empty
    const second = expectOk(await gateway("POST", "/send", { token: ana.token, json: hello("receiver-1") }), 200, sent);
    expect(second.conversation_id).toMatch(/^conv-/);
    await hook.waitFor(2);

    const log = expectOk(await gateway("GET", "/deliveries?agent_id=receiver-1", { token: ana.token }), 200, deliveryList);
    expect(log.deliveries[0]).toMatchObject({ message_id: second.message_id, status: "delivered", attempts: [{ attempt: 1, ok: true, status_code: 200, error: null }] });
  });

  it("answers 404 for an unknown, unregistered or offline target and 422 for a bad body", async () => {
    const hook = await receiver();
    expect((await gateway("POST", "/send", { token: ana.token, json: hello("ghost") })).status).toBe(404);
    await register(ana, "leaving", hook.url);
    expect(await gateway("POST", "/unregister", { token: ana.token, json: { agent_id: "leaving" } })).toMatchObject({ status: 200, body: { status: "unregistered" } });
    const offline = await gateway("POST", "/send", { token: ana.token, json: hello("leaving") });
    expect(offline.status).toBe(404);
    expect(offline.body?.detail).toMatch(/not online/);
    expect(expectOk(await gateway("GET", "/status/leaving", { token: ana.token }), 200, agentStatusBody).status).toBe("offline");
    expect(expectOk(await gateway("GET", "/agents?online_only=false", { token: ana.token }), 200, agentList).agents.map((a) => a.agent_id)).toContain("leaving");
    expect(expectOk(await gateway("GET", "/agents", { token: ana.token }), 200, agentList).agents.map((a) => a.agent_id)).not.toContain("leaving");
    expect(hook.received).toHaveLength(0);

    expect((await gateway("POST", "/send", { token: ana.token, json: { ...hello("x"), content: [] } })).status).toBe(422);
    expect((await gateway("POST", "/register", { token: ana.token, json: { agent_id: "bad", webhook_url: "ftp://example.com/x" } })).status).toBe(422);
    expect((await gateway("POST", "/register", { token: ana.token, json: { agent_id: "a".repeat(101), webhook_url: hook.url } })).status).toBe(422);
  });

  it("answers 502 with the reason when the webhook fails, records it and retries with backoff until delivered", async () => {
    const hook = await receiver(500);
    await register(ana, "flaky", hook.url);
    const res = await gateway("POST", "/send", { token: ana.token, json: hello("flaky") });
    expect(res.status).toBe(502);
    expect(res.body?.detail).toMatch(/answered 500/);
    hook.mode = 200; // the receiver recovers; the retry job (100 ms backoff here) delivers
    const pushes = await hook.waitFor(2);
    expect(pushes[1].body.message_id).toBe(pushes[0].body.message_id);
    expect(pushes.map((p) => p.headers["x-atrium-delivery-attempt"])).toEqual(["1", "2"]);
    const delivery = await until(async () => {
      const [d] = expectOk(await gateway("GET", "/deliveries?agent_id=flaky", { token: ana.token }), 200, deliveryList).deliveries;
      return d.status === "delivered" ? d : null;
    });
    expect(delivery.attempts).toMatchObject([
      { attempt: 1, ok: false, status_code: 500, error: expect.stringMatching(/answered 500/) },
      { attempt: 2, ok: true, status_code: 200, error: null },
    ]);
  });

  it("gives up after the last try and keeps every attempt's reason", async () => {
    const hook = await receiver(503);
    await register(ana, "broken", hook.url);
    expect((await gateway("POST", "/send", { token: ana.token, json: hello("broken") })).status).toBe(502);
    await hook.waitFor(3);
    const delivery = await until(async () => {
      const [d] = expectOk(await gateway("GET", "/deliveries?agent_id=broken", { token: ana.token }), 200, deliveryList).deliveries;
      return d.status === "failed" ? d : null;
    });
    expect(delivery.attempts.map((a) => [a.attempt, a.status_code])).toEqual([[1, 503], [2, 503], [3, 503]]);
    expect(delivery.last_error).toMatch(/answered 503/);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(hook.received).toHaveLength(3);
  });

  it("answers 502 after the webhook timeout when the receiver hangs", async () => {
    const hook = await receiver("hang");
    await register(ana, "sleepy", hook.url);
    const started = Date.now();
    const res = await gateway("POST", "/send", { token: ana.token, json: hello("sleepy") });
    const took = Date.now() - started;
    expect(res.status).toBe(502);
    expect(res.body?.detail).toMatch(/did not answer within 0.8 s/);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(took).toBeLessThan(TIMEOUT_MS + 3_000);
    const [d] = expectOk(await gateway("GET", "/deliveries?agent_id=sleepy", { token: ana.token }), 200, deliveryList).deliveries;
    expect(d.attempts[0]).toMatchObject({ attempt: 1, ok: false, status_code: null, error: expect.stringMatching(/did not answer/) });
    await api.db.gatewayAgent.updateMany({ where: { agentId: "sleepy" }, data: { unregisteredAt: new Date() } }); // stop the retries
  });

  it("marks an agent offline once the heartbeat timeout passes, and online again on a heartbeat", async () => {
    const hook = await receiver();
    await register(ana, "quiet", hook.url);
    const undo = withEnv({ AGENT_GATEWAY_HEARTBEAT_TIMEOUT_MS: "300" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(expectOk(await gateway("GET", "/status/quiet", { token: ana.token }), 200, agentStatusBody).status).toBe("offline");
      expect((await gateway("POST", "/send", { token: ana.token, json: hello("quiet") })).status).toBe(404);
      await gateway("POST", "/heartbeat", { token: ana.token, json: { agent_id: "quiet" } });
      expect(expectOk(await gateway("GET", "/status/quiet", { token: ana.token }), 200, agentStatusBody).status).toBe("online");
    } finally {
      undo();
    }
  });

  it("limits sends per owner: past AGENT_GATEWAY_SENDS_PER_MINUTE a send is 429 with Retry-After and pushes nothing", async () => {
    const hook = await receiver();
    const cy = await person(api.http, api.db, "cy");
    const cysKey = expectOk(await call(api.http, "POST", "/users/me/api-keys", { token: cy.token, json: { name: "limits" } }), 201, apiKeyCreated).key;
    await register(cysKey, "limited", hook.url);
    const undo = withEnv({ AGENT_GATEWAY_SENDS_PER_MINUTE: "2" });
    try {
      for (let i = 0; i < 2; i++) expect((await gateway("POST", "/send", { token: cysKey, json: hello("limited") })).status).toBe(200);
      const refused = await gateway("POST", "/send", { token: cysKey, json: hello("limited") });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ detail: expect.stringContaining("Too many messages sent") });
      await hook.waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hook.received.length).toBe(2);
      // Another owner's budget is their own (someone who has not sent yet: under Redis a lowered
      // limit counts what was sent under the old one).
      const dee = await person(api.http, api.db, "dee");
      expect((await gateway("POST", "/send", { token: dee.token, json: hello("nobody-here") })).status).toBe(404);
    } finally {
      undo();
    }
  });

  it("keeps another owner's agents out of sight (404) and lets them reuse the same agent_id", async () => {
    const hook = await receiver();
    await register(ana, "shared-name", hook.url);
    expect((await gateway("GET", "/status/shared-name", { token: ben.token })).status).toBe(404);
    expect((await gateway("POST", "/heartbeat", { token: ben.token, json: { agent_id: "shared-name" } })).status).toBe(404);
    expect((await gateway("POST", "/unregister", { token: ben.token, json: { agent_id: "shared-name" } })).status).toBe(404);
    expect((await gateway("POST", "/send", { token: ben.token, json: hello("shared-name") })).status).toBe(404);
    expect(expectOk(await gateway("GET", "/agents?online_only=false", { token: ben.token }), 200, agentList).total).toBe(0);
    expect(expectOk(await gateway("GET", "/deliveries", { token: ben.token }), 200, deliveryList).total).toBe(0);
    const benHook = await receiver();
    await register(ben, "shared-name", benHook.url);
    await gateway("POST", "/send", { token: ben.token, json: hello("shared-name") });
    await benHook.waitFor(1);
    expect(hook.received).toHaveLength(0);
  });

  it("keeps registrations across a restart (a new server over the same database)", async () => {
    const hook = await receiver();
    const { webhook_secret } = await register(ana, "durable", hook.url);
    const again = await startApiServer(api.db);
    try {
      const res = await fetch(`${again.url}/gateway/status/durable`, { headers: { authorization: `Bearer ${ana.token}` } });
      expect(await res.json()).toMatchObject({ agent_id: "durable", status: "online" });
      const send = await fetch(`${again.url}/gateway/send`, { method: "POST", headers: { authorization: `Bearer ${ana.token}`, "content-type": "application/json" }, body: JSON.stringify(hello("durable")) });
      expect(send.status).toBe(200);
      const [push] = await hook.waitFor(1);
      expect(signatureIsValid(push.headers["x-atrium-signature"], push.raw, webhook_secret)).toBe(true);
    } finally {
      await again.close();
    }
  });
});

describe("agent gateway recovery", () => {
  it("fails a delivery a dead process left retrying, once every retry would have run, and leaves recent ones alone", async () => {
    const row = (messageId: string) => ({ userId: ana.id, messageId, conversationId: "conv-x", fromAgentId: "a", toAgentId: "b", body: { content: [], metadata: {}, timestamp: new Date().toISOString() }, status: "retrying", attempts: 2 });
    const stale = await api.db.gatewayDelivery.create({ data: row(`msg-stale-${Date.now()}`) });
    const fresh = await api.db.gatewayDelivery.create({ data: row(`msg-fresh-${Date.now()}`) });
    await api.db.$executeRaw`UPDATE agent_gateway_deliveries SET updated_at = now() - interval '2 hours' WHERE id = ${stale.id}::uuid`;
    expect(await failAbandonedDeliveries(api.db)).toBeGreaterThanOrEqual(1);
    expect(await api.db.gatewayDelivery.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "failed", lastError: expect.stringMatching(/interrupted/) });
    expect((await api.db.gatewayDelivery.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("retrying");
  });
});

async function until<T>(probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
