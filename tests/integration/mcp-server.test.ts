import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { apiKeyCreated } from "@/features/identity/schemas";
import { call, expectOk } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();

const apiKey = async (who: Person) => expectOk(await call(api.http, "POST", "/users/me/api-keys", { token: who.token, json: { name: "mcp" } }), 201, apiKeyCreated).key;

/** The official client, unmodified, against setupApi's server. */
async function connect(bearer: string) {
  const client = new Client({ name: "atrium-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${api.http.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${bearer}` } } }));
  return client;
}

const textOf = (result: Awaited<ReturnType<Client["callTool"]>>) => (result.content as { type: string; text: string }[]).map((c) => c.text).join("");

async function deployedAgent(who: Person, name: string) {
  const created = expectOk(await call(api.http, "POST", "/agents", { token: who.token, json: { name, description: "Answers questions" } }), 201, agent);
  expectOk(await call(api.http, "POST", `/agents/${created.id}/deploy`, { token: who.token }), 200, agent);
  return created;
}

const rpc = (headers: Record<string, string>, body: string, method = "POST") => fetch(`${api.http.url}/mcp`, { method, headers, body: method === "POST" ? body : undefined });
const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("POST /mcp with the SDK's Client", () => {
  it("lists the built-in tools and the caller's deployed agents, with object input schemas", async () => {
    const ana = await person(api.http, api.db, "ana");
    await deployedAgent(ana, "Trip Planner");
    expectOk(await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Draft only" } }), 201, agent);
    const client = await connect(await apiKey(ana));
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["calculator", "current_time", "http_get", "json_extract", "search_my_data", "agent_trip_planner"]));
    expect(names).not.toContain("agent_draft_only");
    for (const tool of tools) expect(tool.inputSchema.type).toBe("object");
    expect(tools.find((t) => t.name === "agent_trip_planner")?.description).toContain("Answers questions");
    await client.close();
  });

  it("calls a built-in tool, and a tool failure is a result with isError, not a protocol error", async () => {
    const ana = await person(api.http, api.db, "ana");
    const client = await connect(await apiKey(ana));
    const ok = await client.callTool({ name: "calculator", arguments: { expression: "(17 + 25) * 3 / 2" } });
    expect(ok.isError).toBeFalsy();
    expect(JSON.parse(textOf(ok))).toEqual({ expression: "(17 + 25) * 3 / 2", result: 63 });
    const refused = await client.callTool({ name: "calculator", arguments: { expression: "x = 1" } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/Cannot evaluate/);
    await client.close();
  });

  it("asks a deployed agent on the built-in model and gets its answer", async () => {
    const ana = await person(api.http, api.db, "ana");
    await deployedAgent(ana, "Echo");
    const client = await connect(await apiKey(ana));
    const answered = await client.callTool({ name: "agent_echo", arguments: { message: "hello from an MCP client" } });
    expect(answered.isError).toBeFalsy();
    expect(textOf(answered)).toContain("You said: hello from an MCP client");
    await client.close();
  });

  it("is scoped to the key's user: another person's agents are not listed", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    await deployedAgent(ana, "Ana Private");
    const client = await connect(await apiKey(ben));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain("agent_ana_private");
    const unknown = await client.callTool({ name: "agent_ana_private", arguments: { message: "hi" } }).catch((e: Error) => e);
    expect(unknown instanceof Error ? unknown.message : JSON.stringify(unknown)).toMatch(/not found|agent_ana_private/i);
    await client.close();
  });
});

describe("POST /mcp: HTTP errors", () => {
  it("answers 401 without a key, with a wrong key, and for a cookie alone", async () => {
    for (const headers of [MCP_HEADERS, { ...MCP_HEADERS, authorization: "Bearer atr_not-a-real-key" }, { ...MCP_HEADERS, cookie: "next-auth.session-token=x" }]) {
      const res = await rpc(headers, LIST);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32001 } });
    }
    const failed = await connect("atr_wrong").catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
  });

  it("answers the transport errors: 406, 415, 400, 413, 405", async () => {
    const ana = await person(api.http, api.db, "ana");
    const auth = { authorization: `Bearer ${await apiKey(ana)}` };
    expect((await rpc({ ...MCP_HEADERS, ...auth, accept: "application/json" }, LIST)).status).toBe(406);
    expect((await rpc({ ...MCP_HEADERS, ...auth, "content-type": "text/plain" }, LIST)).status).toBe(415);
    const badJson = await rpc({ ...MCP_HEADERS, ...auth }, "{not json");
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: -32700 } });
    expect((await rpc({ ...MCP_HEADERS, ...auth }, JSON.stringify({ hello: "world" }))).status).toBe(400);
    expect((await rpc({ ...MCP_HEADERS, ...auth, "mcp-protocol-version": "1999-01-01" }, LIST)).status).toBe(400);
    const huge = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "calculator", arguments: { expression: "1".repeat(2 * 1024 * 1024) } } });
    expect((await rpc({ ...MCP_HEADERS, ...auth }, huge)).status).toBe(413);
    const get = await rpc({ ...auth, accept: "text/event-stream" }, "", "GET");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    // Notifications only: accepted, nothing to answer.
    const note = await rpc({ ...MCP_HEADERS, ...auth }, JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    expect(note.status).toBe(202);
  });

  it("answers a plain JSON-RPC tools/list without initialize (stateless)", async () => {
    const ana = await person(api.http, api.db, "ana");
    const res = await rpc({ ...MCP_HEADERS, authorization: `Bearer ${await apiKey(ana)}` }, LIST);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { id: number; result: { tools: { name: string }[] } };
    expect(body.id).toBe(1);
    expect(body.result.tools.map((t) => t.name)).toContain("calculator");
  });
});
