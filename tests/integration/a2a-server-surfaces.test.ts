import { describe, expect, it } from "vitest";
import { legacyAgentList, legacyCancelled, legacyTask } from "@/features/a2a-server/schemas";
import { call, expectOk, type ApiResponse } from "../support/api";
import { setupApi, setupStubProvider } from "../support/harness";
import { person } from "../support/people";
import { a2aClient, apiKey, deployedAgent, fetchWithKey, slowAgent } from "./a2a-server-support";

const api = setupApi();
const stub = setupStubProvider();

/** One request to seed 000's unversioned /a2a surface (call() would put it under /api/v1). */
async function a2a(method: string, path: string, options: { token?: string; json?: unknown } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${api.http.url}${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

/** A problem+json answer of the /a2a surface with this status. */
function expectProblem(res: ApiResponse, status: number) {
  expect(res.status, `expected ${status}, got ${res.status}: ${res.text}`).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.body).toMatchObject({ status, detail: expect.any(String), instance: expect.stringMatching(/^\/a2a\//) });
}

const card = async (path: string, key: string | null) => {
  const res = await fetchWithKey(key)(`${api.http.url}${path}`);
  expect(res.status).toBe(200);
  return { headers: res.headers, body: (await res.json()) as Record<string, unknown> & { skills: { id: string; name: string; description: string }[] } };
};

describe("agent cards", { timeout: 120_000 }, () => {
  it("public 1.0 card: the JSON-RPC interface, bearer security, and one generic skill naming nobody's agents", async () => {
    const ana = await person(api.http, api.db, "ana");
    await deployedAgent(api.http, ana, "Secret Planner");
    const { body, headers } = await card("/.well-known/agent-card.json", null);
    expect(body).toMatchObject({
      name: "Atrium",
      supportedInterfaces: [{ url: `${api.http.url}/a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
      capabilities: { streaming: true, pushNotifications: false },
      securitySchemes: { bearer: { httpAuthSecurityScheme: { scheme: "Bearer" } } },
      securityRequirements: [{ schemes: { bearer: {} } }],
      defaultInputModes: expect.arrayContaining(["text/plain"]),
    });
    expect(body.skills.map((s) => s.id)).toEqual(["main"]);
    expect(JSON.stringify(body)).not.toContain("Secret Planner");
    expect(headers.get("cache-control")).toMatch(/public/);
  });

  it("with a key, one skill per deployed agent the caller may use, each saying how to pick it", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const planner = await deployedAgent(api.http, ana, "Planner");
    const writer = await deployedAgent(api.http, ana, "Writer");
    expect((await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Draft" } })).status).toBe(201);
    await deployedAgent(api.http, ben, "Ben Only");
    const { body, headers } = await card("/.well-known/agent-card.json", await apiKey(api.http, ana));
    expect(body.skills.map((s) => s.id).sort()).toEqual([planner.id, writer.id].sort());
    expect(body.skills.find((s) => s.id === planner.id)).toMatchObject({ name: "Planner", description: expect.stringContaining("metadata.skillId") });
    expect(headers.get("cache-control")).toMatch(/no-store/);
    // The client's own view: the SDK reads the same card.
    const client = await a2aClient(api.http, await apiKey(api.http, ana));
    expect((await client.getAgentCard()).skills.map((s) => s.name).sort()).toEqual(["Planner", "Writer"]);
  });

  it("the older card (/.well-known/agent.json) in seed 000's exact shape", async () => {
    const ana = await person(api.http, api.db, "ana");
    const planner = await deployedAgent(api.http, ana, "Planner");
    const open = (await card("/.well-known/agent.json", null)).body;
    expect(Object.keys(open).sort()).toEqual(["capabilities", "description", "name", "skills", "url", "version"]);
    expect(open).toEqual({
      name: "Atrium",
      description: expect.any(String),
      url: api.http.url,
      version: expect.any(String),
      capabilities: { streaming: true, pushNotifications: false },
      skills: [{ id: "chat", name: "Chat", description: "General-purpose chat with any agent" }],
    });
    const mine = (await card("/.well-known/agent.json", await apiKey(api.http, ana))).body;
    expect(mine.skills).toEqual([{ id: planner.id, name: "Planner", description: "Planner answers questions" }]);
  });
});

describe("seed 000's older surface at /a2a", () => {
  it("lists agents, sends a task and answers {task_id, status, result} exactly; gets it again", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const agents = expectOk(await a2a("GET", "/a2a/agents", { token: ana.token }), 200, legacyAgentList);
    expect(agents.agents).toEqual([{ id: echo.id, name: "Echo", description: "Echo answers questions", is_main: false }]);
    const sent = await a2a("POST", "/a2a/tasks/send", { token: ana.token, json: { agent_id: echo.id, message: { role: "user", parts: [{ text: "Review this code" }] } } });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ task_id: expect.any(String), status: "completed", result: { role: "agent", parts: [{ text: "You said: Review this code" }] } });
    const taskId = (sent.body as { task_id: string }).task_id;
    expect(expectOk(await a2a("GET", `/a2a/tasks/${taskId}`, { token: ana.token }), 200, legacyTask)).toEqual(sent.body);
    // Ended: cancelling is a conflict.
    expectProblem(await a2a("POST", `/a2a/tasks/${taskId}/cancel`, { token: ana.token }), 409);
  });

  it("cancels a running task with {task_id, status: cancelled}; others' tasks and agents are 404", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const slow = await slowAgent(api.http, ana, stub.baseUrl);
    const key = await apiKey(api.http, ana);
    // Start one through the 1.0 endpoint without waiting, then use the older surface on it.
    const started = await fetch(`${api.http.url}/a2a/jsonrpc`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "[stub:slow] story" }], metadata: { skillId: slow.id } }, configuration: { blocking: false } } }),
    });
    const taskId = ((await started.json()) as { result: { task: { id: string } } }).result.task.id;
    expectProblem(await a2a("GET", `/a2a/tasks/${taskId}`, { token: ben.token }), 404);
    expectProblem(await a2a("POST", `/a2a/tasks/${taskId}/cancel`, { token: ben.token }), 404);
    const cancelled = expectOk(await a2a("POST", `/a2a/tasks/${taskId}/cancel`, { token: ana.token }), 200, legacyCancelled);
    expect(cancelled).toEqual({ task_id: taskId, status: "cancelled" });
    expect(expectOk(await a2a("GET", `/a2a/tasks/${taskId}`, { token: ana.token }), 200, legacyTask).status).toBe("cancelled");
    expectProblem(await a2a("POST", "/a2a/tasks/send", { token: ben.token, json: { agent_id: slow.id, message: { role: "user", parts: [{ text: "hi" }] } } }), 404);
  });

  it("refuses bad bodies with a problem, and callers without credentials with 401", async () => {
    const ana = await person(api.http, api.db, "ana");
    const echo = await deployedAgent(api.http, ana, "Echo");
    const bad = await a2a("POST", "/a2a/tasks/send", { token: ana.token, json: { agent_id: echo.id, message: { role: "user", parts: [] } } });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.headers.get("content-type")).toMatch(/problem\+json/);
    expectProblem(await a2a("GET", "/a2a/agents"), 401);
  });
});

describe("the portable mount (next dev and other hosts)", () => {
  it("src/app/a2a/[...path] serves the cards (behind next.config's .well-known rewrites), JSON-RPC and the older surface", async () => {
    const route = await import("@/app/a2a/[...path]/route");
    // @ts-expect-error next.config.mjs is plain JavaScript without type declarations
    const config = (await import("../../next.config.mjs")).default as { rewrites: () => Promise<{ source: string; destination: string }[]> };
    const rewrites = await config.rewrites();
    const at = (path: string) => ({ params: Promise.resolve({ path: path.split("/").filter(Boolean).slice(1) }) });
    for (const source of ["/.well-known/agent-card.json", "/.well-known/agent.json"]) {
      const destination = rewrites.find((r) => r.source === source)?.destination;
      expect(destination, source).toMatch(/^\/a2a\//);
      const res = await route.GET(new Request(`http://atrium.test${destination}`), at(destination!));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { skills: { id: string }[]; url?: string; supportedInterfaces?: { url: string }[] };
      expect(body.skills).toHaveLength(1);
      if (source.endsWith("agent-card.json")) expect(body.supportedInterfaces?.[0].url).toBe("http://atrium.test/a2a/jsonrpc");
      else expect(body.url).toBe("http://atrium.test");
    }
    const rpcRes = await route.POST(new Request("http://atrium.test/a2a/jsonrpc", { method: "POST", body: "{}" }), at("/a2a/jsonrpc"));
    expect(rpcRes.status).toBe(401);
    const agents = await route.GET(new Request("http://atrium.test/a2a/agents"), at("/a2a/agents"));
    expect(agents.status).toBe(401);
    expect(agents.headers.get("content-type")).toBe("application/problem+json");
  });
});
