import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { collaborators, execution, workflow } from "@/features/workflows/schemas";
import { workflowUpgradeHandler } from "@/features/workflows/ws/handler";
import { createUpgradeListener } from "@/server/http/node-server";
import { call, expectOk } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();
let server: Server;
let wsUrl = "";

beforeAll(async () => {
  // The upgrade hook as server.ts installs it, on a server of the test's own.
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", createUpgradeListener([workflowUpgradeHandler(() => api.db)]));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Opened {
  ws: WebSocket;
  messages: { id?: string; type: string; data?: unknown; users?: { user_id: string }[] }[];
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a socket; resolves once open (or rejects with the HTTP status of a refused upgrade). */
function open(path: string, headers: Record<string, string> = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl + path, { headers });
    const messages: Opened["messages"] = [];
    ws.on("message", (raw) => messages.push(JSON.parse(String(raw))));
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on("close", (code, reason) => done({ code, reason: String(reason) })));
    ws.on("open", () => resolve({ ws, messages, closed }));
    ws.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on("error", (e) => reject(e));
  });
}

async function until(check: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(check()).toBe(true);
}

const slow = {
  nodes: [
    { id: "start", type: "start", config: {} },
    { id: "wait", type: "delay", config: { seconds: 1 } },
    { id: "end", type: "end", config: { output: { done: "yes" } } },
  ],
  edges: [
    { id: "a", source: "start", target: "wait" },
    { id: "b", source: "wait", target: "end" },
  ],
};

async function startSlow(who: Person) {
  const wf = expectOk(await call(api.http, "POST", "/workflows", { token: who.token, json: { name: "Slow", definition: slow } }), 201, workflow);
  const run = expectOk(await call(api.http, "POST", `/workflows/${wf.id}/execute`, { token: who.token, json: {} }), 202, execution);
  return { wf, run };
}

describe("/ws/executions/{id}", () => {
  it("refuses without credentials (401) and an unknown socket path (404)", async () => {
    await expect(open("/ws/executions/00000000-0000-4000-8000-000000000000")).rejects.toThrow("HTTP 401");
    await expect(open("/ws/nothing")).rejects.toThrow("HTTP 404");
    await expect(open("/ws/executions/00000000-0000-4000-8000-000000000000?token=not-a-token")).rejects.toThrow("HTTP 401");
    // A browser's cookie is only taken from the app's own origin (no cross-site socket hijacking).
    await expect(open("/ws/executions/00000000-0000-4000-8000-000000000000", { origin: "https://evil.example", cookie: "next-auth.session-token=x" })).rejects.toThrow("HTTP 401");
  });

  it("streams a run's events live after a snapshot and closes when it finishes; a reconnect with last_event_id replays only what came after", async () => {
    const ana = await person(api.http, api.db, "ana");
    const { run } = await startSlow(ana);
    const live = await open(`/ws/executions/${run.id}?token=${ana.token}`);
    const end = await live.closed;
    expect(end.code).toBe(1000);
    expect(live.messages[0]).toMatchObject({ type: "snapshot", data: { id: run.id } });
    const events = live.messages.slice(1);
    expect(events.some((m) => m.type === "step" && (m.data as { node_id: string }).node_id === "wait")).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "run", data: { status: "succeeded" } });
    expect(events.every((m) => typeof m.id === "string")).toBe(true);

    const cut = events[1].id!;
    const replay = await open(`/ws/executions/${run.id}?last_event_id=${cut}`, { authorization: `Bearer ${ana.token}` });
    await replay.closed;
    expect(replay.messages.slice(1).map((m) => m.id)).toEqual(events.slice(2).map((m) => m.id));
  });

  it("closes with 4404 for someone who may not see the run", async () => {
    await person(api.http, api.db, "first"); // not the administrator below
    const [ana, ben] = [await person(api.http, api.db, "ana"), await person(api.http, api.db, "ben")];
    const { run } = await startSlow(ana);
    const denied = await open(`/ws/executions/${run.id}?token=${ben.token}`);
    expect((await denied.closed).code).toBe(4404);
  });
});

describe("/ws/collaboration/{workflow_id}", () => {
  it("tracks who has the workflow open, for viewers of it; leaving removes them", async () => {
    await person(api.http, api.db, "first");
    const [ana, ben, cy] = [await person(api.http, api.db, "ana"), await person(api.http, api.db, "ben"), await person(api.http, api.db, "cy")];
    const wf = expectOk(await call(api.http, "POST", "/workflows", { token: ana.token, json: { name: "Together" } }), 201, workflow);
    const grant = await call(api.http, "POST", `/permissions/resources/workflow/${wf.id}/grants`, { token: ana.token, json: { user_id: ben.id, level: "view" } });
    expect(grant.status).toBe(201);
    const a = await open(`/ws/collaboration/${wf.id}?token=${ana.token}`);
    await until(() => a.messages.some((m) => m.type === "presence" && m.users?.length === 1));
    const b = await open(`/ws/collaboration/${wf.id}?token=${ben.token}`);
    await until(() => a.messages.some((m) => m.type === "presence" && m.users?.length === 2));
    const users = expectOk(await call(api.http, "GET", `/collaboration/${wf.id}/users`, { token: ana.token }), 200, collaborators);
    expect(users.users.map((u) => u.user_id).sort()).toEqual([ana.id, ben.id].sort());
    b.ws.send(JSON.stringify({ type: "ping" }));
    await until(() => b.messages.some((m) => m.type === "pong"));
    b.ws.close();
    await b.closed;
    await until(() => a.messages.at(-1)?.users?.length === 1);
    const stranger = await open(`/ws/collaboration/${wf.id}?token=${cy.token}`);
    expect((await stranger.closed).code).toBe(4404);
    a.ws.close();
    await a.closed;
    // The leave is announced as the socket closes: poll until it is seen.
    let after = ["?"];
    for (let i = 0; i < 100 && after.length; i++) {
      after = expectOk(await call(api.http, "GET", `/collaboration/${wf.id}/users`, { token: ana.token }), 200, collaborators).users.map((u) => u.user_id);
      if (after.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(after).toEqual([]);
  });
});
