import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyCreated } from "@/features/identity/schemas";
import { catalogEntry, catalogList, healthReport, mcpServer, reloadReport, serverList } from "@/features/mcp/schemas";
import { disconnectAll, IDLE_CLOSE_MS, isConnected, sweepIdle } from "@/features/mcp/service/connections";
import { callMcpTool, mcpToolsFor } from "@/features/mcp/tools";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();
const FILESYSTEM_BIN = join(process.cwd(), "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
const ENV_SERVER = join(process.cwd(), "tests/integration/mcp-env-server.mjs");

let folder: string;
/** The first account of the file is the administrator: the one who may add stdio servers. */
let admin: Person;
let restoreEnv = () => {};

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "atrium-mcp-"));
  await writeFile(join(folder, "notes.txt"), "MCP over stdio works\n");
  admin = await person(api.http, api.db, "root");
});
afterAll(async () => {
  await disconnectAll();
  restoreEnv();
  await rm(folder, { recursive: true, force: true });
});

const add = (who: Person, json: unknown) => call(api.http, "POST", "/api/mcp/servers", { token: who.token, json });
const reconnect = (who: Person, ref: string) => call(api.http, "POST", `/api/mcp/servers/${ref}/reconnect`, { token: who.token });

describe("an MCP server over stdio: @modelcontextprotocol/server-filesystem on a temp folder", () => {
  it("is stored without connecting, then reconnect starts it and lists its tools as mcp_<server>_<tool>", async () => {
    const created = expectOk(await add(admin, { name: "files", transport: { type: "stdio", command: process.execPath, args: [FILESYSTEM_BIN, folder] } }), 201, mcpServer);
    expect(created).toMatchObject({ name: "files", transport: "stdio", command: process.execPath, connected: false, tools: [], template_id: null });

    const connected = expectOk(await reconnect(admin, "files"), 200, mcpServer);
    expect(connected.connected).toBe(true);
    expect(connected.latency_ms).toEqual(expect.any(Number));
    expect(connected.last_error).toBeNull();
    const names = connected.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["mcp_files_read_text_file", "mcp_files_list_directory"]));
    expect(connected.tools.find((t) => t.name === "mcp_files_read_text_file")).toMatchObject({ tool: "read_text_file", input_schema: { type: "object" } });

    const listed = expectOk(await call(api.http, "GET", "/api/mcp/servers", { token: admin.token }), 200, serverList);
    expect(listed.servers.find((s) => s.name === "files")?.tools.length).toBe(connected.tools.length);
  });

  it("calls a tool: reads a file of the folder, and a refused path is a tool error, not a crash", async () => {
    const read = await callMcpTool(api.db, admin.id, "mcp_files_read_text_file", { path: join(folder, "notes.txt") });
    expect(read).toMatchObject({ isError: false, text: "MCP over stdio works\n" });
    const outside = await callMcpTool(api.db, admin.id, "mcp_files_read_text_file", { path: "/etc/passwd" });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/denied|outside/i);
    await expect(callMcpTool(api.db, admin.id, "mcp_nothing_here", {})).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reports health with latency, and reconnects after its process is gone", async () => {
    const health = expectOk(await call(api.http, "GET", "/api/mcp/health", { token: admin.token }), 200, healthReport);
    const files = health.servers.find((s) => s.name === "files");
    expect(files).toMatchObject({ healthy: true, error: null, latency_ms: expect.any(Number) });
    await disconnectAll();
    const read = await callMcpTool(api.db, admin.id, "mcp_files_read_text_file", { path: join(folder, "notes.txt") });
    expect(read.text).toBe("MCP over stdio works\n");
    // Unused for the idle period: closed, and reopened by the next call.
    expect(await sweepIdle(Date.now() + 1000)).toBe(0);
    expect(await sweepIdle(Date.now() + IDLE_CLOSE_MS + 1000)).toBe(1);
    expect(isConnected(files!.id)).toBe(false);
    expect((await callMcpTool(api.db, admin.id, "mcp_files_read_text_file", { path: join(folder, "notes.txt") })).isError).toBe(false);
  });
});

describe("credentials and the child's environment", () => {
  it("passes the server's own credentials and nothing of Atrium's; never returns or stores them in clear", async () => {
    process.env.ATRIUM_TEST_LEAK = "must-not-reach-the-child";
    const created = expectOk(await add(admin, { name: "env", transport: "stdio", command: process.execPath, args: [ENV_SERVER], env: { SERVER_TOKEN: "s3cret-value" } }), 201, mcpServer);
    expect(created.env_keys).toEqual(["SERVER_TOKEN"]);
    for (const res of [await call(api.http, "GET", "/api/mcp/servers/env", { token: admin.token }), await call(api.http, "GET", "/api/mcp/servers", { token: admin.token })]) {
      expect(res.text).not.toContain("s3cret-value");
    }
    const [row] = await api.db.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM mcp_servers WHERE name = 'env'");
    expect(JSON.stringify(row)).not.toContain("s3cret-value");

    expectOk(await reconnect(admin, created.id), 200, mcpServer);
    const reported = await callMcpTool(api.db, admin.id, "mcp_env_environment", { reveal: "SERVER_TOKEN" });
    const { names, value } = JSON.parse(reported.text) as { names: string[]; value: string };
    expect(value).toBe("s3cret-value");
    expect(names).not.toContain("ATRIUM_TEST_LEAK");
    expect(names).not.toContain("DATABASE_URL");
    expect(names).toContain("PATH");
    delete process.env.ATRIUM_TEST_LEAK;

    const failed = await callMcpTool(api.db, admin.id, "mcp_env_fail", {});
    expect(failed).toEqual({ isError: true, text: "it failed on purpose", structured: undefined });
  });

  it("keeps stored credentials when a replacement leaves them out", async () => {
    const replaced = expectOk(
      await call(api.http, "PUT", "/api/mcp/servers/env", { token: admin.token, json: { name: "env2", transport: { type: "stdio", command: process.execPath, args: [ENV_SERVER] } } }),
      200,
      mcpServer,
    );
    expect(replaced).toMatchObject({ name: "env2", env_keys: ["SERVER_TOKEN"], tools: [], connected: false });
    expectOk(await reconnect(admin, "env2"), 200, mcpServer);
    expect(JSON.parse((await callMcpTool(api.db, admin.id, "mcp_env2_environment", { reveal: "SERVER_TOKEN" })).text).value).toBe("s3cret-value");
  });
});

describe("an MCP server over HTTP: Atrium's own /mcp, through the guarded client", () => {
  it("is refused while private addresses are not allowed, then connects and calls a tool", async () => {
    const ana = await person(api.http, api.db, "ana");
    const key = expectOk(await call(api.http, "POST", "/users/me/api-keys", { token: ana.token, json: { name: "self" } }), 201, apiKeyCreated).key;
    const created = expectOk(await add(ana, { name: "self", transport: { type: "http", url: `${api.http.url}/mcp`, headers: { Authorization: `Bearer ${key}` } } }), 201, mcpServer);
    expect(created.header_keys).toEqual(["Authorization"]);
    expect(JSON.stringify(created)).not.toContain(key);

    const refused = expectProblem(await reconnect(ana, "self"), 502);
    expect(refused.detail).toMatch(/Refused to connect to 127\.0\.0\.1/);
    expect(expectOk(await call(api.http, "GET", "/api/mcp/servers/self", { token: ana.token }), 200, mcpServer).last_error).toMatch(/Refused/);

    restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
    const connected = expectOk(await reconnect(ana, "self"), 200, mcpServer);
    expect(connected.tools.map((t) => t.name)).toEqual(expect.arrayContaining(["mcp_self_calculator", "mcp_self_current_time"]));
    const result = await callMcpTool(api.db, ana.id, "mcp_self_calculator", { expression: "6 * 7" });
    expect(JSON.parse(result.text)).toEqual({ expression: "6 * 7", result: 42 });
    expect((await mcpToolsFor(api.db, ana.id)).map((t) => t.name)).toContain("mcp_self_calculator");

    const wrongKey = expectOk(await call(api.http, "PUT", "/api/mcp/servers/self", { token: ana.token, json: { name: "self", transport: { type: "http", url: `${api.http.url}/mcp`, headers: { Authorization: "Bearer atr_wrong" } } } }), 200, mcpServer);
    expect(wrongKey.header_keys).toEqual(["Authorization"]);
    expect(expectProblem(await reconnect(ana, "self"), 502).detail).toMatch(/401/);
  });
});

describe("the catalog", () => {
  it("lists well-known servers with the credentials they need, and one entry by id", async () => {
    const list = expectOk(await call(api.http, "GET", "/api/mcp/catalog", { token: admin.token }), 200, catalogList);
    expect(list.entries.map((e) => e.id)).toEqual(expect.arrayContaining(["filesystem", "github", "fetch", "git", "memory", "postgres", "slack"]));
    const github = expectOk(await call(api.http, "GET", "/api/mcp/catalog/github", { token: admin.token }), 200, catalogEntry);
    expect(github.credentials.map((c) => c.key)).toEqual(["GITHUB_PERSONAL_ACCESS_TOKEN"]);
    expectProblem(await call(api.http, "GET", "/api/mcp/catalog/nope", { token: admin.token }), 404);
  });

  it("installs by template_id with its credentials, refusing missing or unknown ones", async () => {
    const missing = expectProblem(await add(admin, { template_id: "github" }), 422);
    expect(missing.detail).toContain("GITHUB_PERSONAL_ACCESS_TOKEN");
    expectProblem(await add(admin, { template_id: "github", credentials: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_x", OTHER: "y" } }), 422);
    expectProblem(await add(admin, { template_id: "filesystem" }), 422);
    expectProblem(await add(admin, { template_id: "no-such-entry" }), 422);
    const installed = expectOk(await add(admin, { template_id: "github", credentials: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_secret" } }), 201, mcpServer);
    expect(installed).toMatchObject({ name: "github", template_id: "github", command: "npx", args: ["-y", "@modelcontextprotocol/server-github"], env_keys: ["GITHUB_PERSONAL_ACCESS_TOKEN"] });
    const fs = expectOk(await add(admin, { template_id: "filesystem", name: "docs", args: [folder] }), 201, mcpServer);
    expect(fs.args).toEqual(["-y", "@modelcontextprotocol/server-filesystem", folder]);
    // Not started here (npx would go to the registry): health further down pings only what can run offline.
    expectNoContent(await call(api.http, "DELETE", `/api/mcp/servers/${fs.id}`, { token: admin.token }));
  });

  it("reload reads MCP_CATALOG_PATH and moves servers whose entry's command changed", async () => {
    const path = join(folder, "catalog.json");
    const github = expectOk(await call(api.http, "GET", "/api/mcp/catalog/github", { token: admin.token }), 200, catalogEntry);
    await writeFile(path, JSON.stringify([{ ...github, command: "github-mcp-server" }]));
    const undo = withEnv({ MCP_CATALOG_PATH: path });
    try {
      const report = expectOk(await call(api.http, "POST", "/api/mcp/reload", { token: admin.token }), 200, reloadReport);
      expect(report.migrated).toEqual(["github"]);
      expect(expectOk(await call(api.http, "GET", "/api/mcp/servers/github", { token: admin.token }), 200, mcpServer).command).toBe("github-mcp-server");
    } finally {
      undo();
      await call(api.http, "POST", "/api/mcp/reload", { token: admin.token });
      expectNoContent(await call(api.http, "DELETE", "/api/mcp/servers/github", { token: admin.token }));
    }
  });
});

describe("the REST routes' documented errors", () => {
  it("401 without credentials", async () => {
    for (const [method, path] of [["GET", "/api/mcp/servers"], ["POST", "/api/mcp/servers"], ["GET", "/api/mcp/catalog"], ["GET", "/api/mcp/health"], ["POST", "/api/mcp/reload"]]) {
      expectProblem(await call(api.http, method, path, { json: method === "POST" ? {} : undefined }), 401);
    }
  });

  it("403 for a stdio server from someone who is not an administrator, 422 for bad bodies", async () => {
    const ben = await person(api.http, api.db, "ben");
    expectProblem(await add(ben, { name: "x", transport: { type: "stdio", command: "/bin/true" } }), 403);
    expectProblem(await add(ben, { template_id: "memory" }), 403);
    expectProblem(await add(ben, { name: "bad name!", transport: { type: "http", url: "https://example.com/mcp" } }), 422);
    expectProblem(await add(ben, { name: "x", transport: "http" }), 422);
    expectProblem(await add(ben, { name: "x", transport: { type: "http", url: "ftp://example.com" } }), 422);
    expectProblem(await add(ben, { name: "x", transport: { type: "carrier-pigeon" } }), 422);
    expectProblem(await add(admin, { name: "x", transport: "stdio" }), 422);
    expectProblem(await add(ben, { name: "x", transport: { type: "http", url: "https://example.com/mcp", headers: { "bad header": "v" } } }), 422);
  });

  it("404 for someone else's server and unknown names; 409 for a taken name and past the limit", async () => {
    const cara = await person(api.http, api.db, "cara");
    const theirs = expectOk(await add(cara, { name: "remote", transport: { type: "http", url: "https://example.com/mcp" } }), 201, mcpServer);
    expectProblem(await call(api.http, "GET", `/api/mcp/servers/${theirs.id}`, { token: admin.token }), 404);
    expectProblem(await call(api.http, "PUT", `/api/mcp/servers/${theirs.id}`, { token: admin.token, json: { name: "mine", transport: "http", url: "https://example.com/mcp" } }), 404);
    expectProblem(await call(api.http, "DELETE", `/api/mcp/servers/${theirs.id}`, { token: admin.token }), 404);
    expectProblem(await reconnect(admin, theirs.id), 404);
    expectProblem(await call(api.http, "GET", "/api/mcp/servers/nobody", { token: cara.token }), 404);
    expectProblem(await add(cara, { name: "remote", transport: "http", url: "https://example.org/mcp" }), 409);
    for (let i = 1; i < 20; i++) expectOk(await add(cara, { name: `s${i}`, transport: "http", url: "https://example.com/mcp" }), 201, mcpServer);
    expectProblem(await add(cara, { name: "one-too-many", transport: "http", url: "https://example.com/mcp" }), 409);
    expectNoContent(await call(api.http, "DELETE", "/api/mcp/servers/remote", { token: cara.token }));
    expectProblem(await call(api.http, "GET", "/api/mcp/servers/remote", { token: cara.token }), 404);
  });

  it("504 when a started server never answers the handshake, and it is not kept as a connection", async () => {
    const undo = withEnv({ MCP_CONNECT_TIMEOUT_MS: "500" });
    try {
      const silent = expectOk(await add(admin, { name: "silent", transport: { type: "stdio", command: process.execPath, args: ["-e", "setInterval(() => {}, 1000)"] } }), 201, mcpServer);
      const timedOut = expectProblem(await reconnect(admin, "silent"), 504);
      expect(timedOut.detail).toBe('The MCP server "silent" did not answer in time');
      expect(isConnected(silent.id)).toBe(false);
      expectNoContent(await call(api.http, "DELETE", "/api/mcp/servers/silent", { token: admin.token }));
    } finally {
      undo();
    }
  });

  it("502 with the reason recorded when a command cannot start", async () => {
    expectOk(await add(admin, { name: "missing", transport: { type: "stdio", command: "/nonexistent/mcp-server" } }), 201, mcpServer);
    const failed = expectProblem(await reconnect(admin, "missing"), 502);
    expect(failed.detail).toBe('Cannot start the MCP server "missing": the command "/nonexistent/mcp-server" was not found on Atrium\'s host');
    const stored = expectOk(await call(api.http, "GET", "/api/mcp/servers/missing", { token: admin.token }), 200, mcpServer);
    expect(stored.last_error).toBe(failed.detail);
    const health = expectOk(await call(api.http, "GET", "/api/mcp/health", { token: admin.token }), 200, healthReport);
    expect(health.status).toBe("degraded");
    expect(health.servers.find((s) => s.name === "missing")).toMatchObject({ healthy: false, latency_ms: null });
  });
});
