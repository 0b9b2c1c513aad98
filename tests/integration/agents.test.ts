import { describe, expect, it } from "vitest";
import { agent, agentPage, exportedAgent, versionList } from "@/features/agents/schemas";
import { chatReply } from "@/features/chat/schemas";
import { modelConfig } from "@/features/models/schemas";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { callerFor, expectTrpcError } from "../support/trpc";

const api = setupApi();

/** Seed 004's documented example body for POST /agents. */
const seedExample = {
  name: "Release-notes writer",
  description: "Turns merged PRs into release notes",
  system_prompt: "You write concise release notes.",
  model_config: { provider: "openai", model_name: "deepseek-v4-pro", temperature: 0.8 },
  iteration_limit: 15,
  include_tools: [],
  workflow_config: {
    nodes: [
      { id: "start", type: "start", label: "开始" },
      { id: "agent", type: "agent", label: "智能体" },
      { id: "end", type: "end", label: "结束" },
    ],
    edges: [
      { source: "start", target: "agent" },
      { source: "agent", target: "end" },
    ],
  },
};

const createAgent = async (who: Person, json: Record<string, unknown>) => expectOk(await call(api.http, "POST", "/agents", { token: who.token, json }), 201, agent);
const getAgent = async (who: Person, id: string) => expectOk(await call(api.http, "GET", `/agents/${id}`, { token: who.token }), 200, agent);
const update = async (who: Person, id: string, json: Record<string, unknown>) => expectOk(await call(api.http, "PUT", `/agents/${id}`, { token: who.token, json }), 200, agent);
const versions = async (who: Person, id: string) => expectOk(await call(api.http, "GET", `/agents/${id}/versions`, { token: who.token }), 200, versionList);
const list = async (who: Person, query = "") => expectOk(await call(api.http, "GET", `/agents${query}`, { token: who.token }), 200, agentPage);

describe("agents: create and read", () => {
  it("creates from seed 004's example body: version 1, draft, workflow_config stored as given", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await createAgent(ana, seedExample);
    expect(created).toMatchObject({
      name: "Release-notes writer",
      description: "Turns merged PRs into release notes",
      system_prompt: "You write concise release notes.",
      model_config: { model_config_id: null, provider: "openai", model_name: "deepseek-v4-pro", temperature: 0.8, max_tokens: null, label: null },
      iteration_limit: 15,
      include_tools: [],
      status: "draft",
      version: 1,
      owner_id: ana.id,
    });
    expect(created.workflow_config).toEqual(seedExample.workflow_config);
    expect(await getAgent(ana, created.id)).toEqual(created);
  });

  it("defaults to the labelled built-in model and an iteration limit of 10", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await createAgent(ana, { name: "Minimal" });
    expect(created).toMatchObject({
      description: "",
      system_prompt: "",
      model_config: { model_config_id: null, provider: "builtin", model_name: "atrium-echo-1", label: expect.stringMatching(/no AI/) },
      iteration_limit: 10,
      include_tools: [],
      workflow_config: {},
    });
  });

  it("uses one of your model configs by id and shows its model", async () => {
    const ana = await person(api.http, api.db, "ana");
    const config = expectOk(
      await call(api.http, "POST", "/model-configs", { token: ana.token, json: { name: "DS", provider: "openai-compatible", base_url: "https://api.deepseek.com/v1", model_name: "deepseek-chat", temperature: 0.2 } }),
      201,
      modelConfig,
    );
    const created = await createAgent(ana, { name: "With config", model_config: { model_config_id: config.id, temperature: 0.9 }, include_tools: ["calculator", "current_time", "calculator"] });
    expect(created.model_config).toEqual({ model_config_id: config.id, provider: "openai-compatible", model_name: "deepseek-chat", temperature: 0.9, max_tokens: null, label: null });
    expect(created.include_tools).toEqual(["calculator", "current_time"]);
  });

  it("rejects bad input with 422 naming each field, including someone else's model config", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const bens = expectOk(await call(api.http, "POST", "/model-configs", { token: ben.token, json: { name: "B", provider: "builtin" } }), 201, modelConfig);
    const bad = expectProblem(
      await call(api.http, "POST", "/agents", { token: ana.token, json: { name: " ", iteration_limit: 0, include_tools: ["calculator", "rm_rf"], model_config: { provider: "openai" } } }),
      422,
    );
    expect(issuePaths(bad)).toEqual(["body.include_tools.1", "body.iteration_limit", "body.model_config.model_name", "body.name"]);
    expect(bad.issues?.find((i) => i.path === "body.include_tools.1")?.message).toMatch(/Unknown tool "rm_rf"; available: current_time, calculator/);
    const both = expectProblem(await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "x", model_config: { model_config_id: bens.id, provider: "openai", model_name: "m" } } }), 422);
    expect(issuePaths(both)).toEqual(["body.model_config.model_config_id"]);
    const foreign = expectProblem(await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "x", model_config: { model_config_id: bens.id } } }), 422);
    expect(issuePaths(foreign)).toEqual(["body.model_config.model_config_id"]);
    expectProblem(await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "x", workflow_config: [1, 2] } }), 422);
  });
});

describe("agents: list with pagination, search and status filter", () => {
  it("pages through your agents, searches names case-insensitively and filters by status", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const names = ["Alpha writer", "Beta reviewer", "Gamma WRITER", "Delta planner", "Epsilon writer"];
    const made = [];
    for (const name of names) made.push(await createAgent(ana, { name }));
    await createAgent(ben, { name: "Ben's writer" });

    const pages = [await list(ana, "?page=1&page_size=2"), await list(ana, "?page=2&page_size=2"), await list(ana, "?page=3&page_size=2")];
    expect(pages[0]).toMatchObject({ total: 5, page: 1, page_size: 2 });
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    const paged = pages.flatMap((p) => p.items);
    expect(paged.map((a) => a.name).sort()).toEqual([...names].sort());
    const stamps = paged.map((a) => a.updated_at);
    expect(stamps).toEqual([...stamps].sort().reverse());
    expect((await list(ana, "?page=4&page_size=2")).items).toEqual([]);

    const writers = await list(ana, "?search=writer");
    expect(writers.total).toBe(3);
    expect(writers.items.map((a) => a.name).sort()).toEqual(["Alpha writer", "Epsilon writer", "Gamma WRITER"]);

    expectOk(await call(api.http, "POST", `/agents/${made[1].id}/deploy`, { token: ana.token }), 200, agent);
    expectOk(await call(api.http, "POST", `/agents/${made[3].id}/deploy`, { token: ana.token }), 200, agent);
    expectOk(await call(api.http, "POST", `/agents/${made[3].id}/stop`, { token: ana.token }), 200, agent);
    expect((await list(ana, "?status=deployed")).items.map((a) => a.name)).toEqual(["Beta reviewer"]);
    expect((await list(ana, "?status=stopped")).items.map((a) => a.name)).toEqual(["Delta planner"]);
    expect((await list(ana, "?status=draft")).total).toBe(3);
    expect((await list(ana, "?status=draft&search=alpha")).items.map((a) => a.name)).toEqual(["Alpha writer"]);

    const bad = expectProblem(await call(api.http, "GET", "/agents?page=0&page_size=500&status=running", { token: ana.token }), 422);
    expect(issuePaths(bad)).toEqual(["query.page", "query.page_size", "query.status"]);
  });
});

describe("agents: ownership", () => {
  it("answers 404 for someone else's agent on every endpoint", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const mine = await createAgent(ana, { name: "Private" });
    const asBen = (method: string, path: string, json?: unknown) => call(api.http, method, path, { token: ben.token, json });
    expectProblem(await asBen("GET", `/agents/${mine.id}`), 404);
    expectProblem(await asBen("PUT", `/agents/${mine.id}`, { name: "Mine now" }), 404);
    expectProblem(await asBen("DELETE", `/agents/${mine.id}`), 404);
    for (const action of ["deploy", "stop", "duplicate"]) expectProblem(await asBen("POST", `/agents/${mine.id}/${action}`), 404);
    expectProblem(await asBen("GET", `/agents/${mine.id}/export`), 404);
    expectProblem(await asBen("GET", `/agents/${mine.id}/versions`), 404);
    expectProblem(await asBen("POST", `/agents/${mine.id}/versions/1/rollback`), 404);
    expect((await getAgent(ana, mine.id)).name).toBe("Private");
  });

  it("lets an administrator delete someone else's agent", async () => {
    const ana = await person(api.http, api.db, "ana");
    const root = await person(api.http, api.db, "root");
    await api.db.user.update({ where: { id: root.id }, data: { role: "admin" } });
    const doomed = await createAgent(ana, { name: "Spam bot" });
    expectNoContent(await call(api.http, "DELETE", `/agents/${doomed.id}`, { token: root.token }));
    expectProblem(await call(api.http, "GET", `/agents/${doomed.id}`, { token: ana.token }), 404);
  });
});

describe("agents: versions and rollback", () => {
  it("increments the version on every real change and keeps each version's snapshot", async () => {
    const ana = await person(api.http, api.db, "ana");
    const v1 = await createAgent(ana, { name: "Writer", system_prompt: "v1 prompt" });
    const v2 = await update(ana, v1.id, { system_prompt: "v2 prompt", include_tools: ["calculator"] });
    expect(v2).toMatchObject({ version: 2, system_prompt: "v2 prompt", include_tools: ["calculator"], name: "Writer" });
    const v3 = await update(ana, v1.id, { name: "Writer Pro", model_config: { provider: "anthropic", model_name: "claude-sonnet-4-5" } });
    expect(v3).toMatchObject({ version: 3, name: "Writer Pro", model_config: { provider: "anthropic", model_name: "claude-sonnet-4-5" } });
    const same = await update(ana, v1.id, { name: "Writer Pro" });
    expect(same.version).toBe(3);

    const history = await versions(ana, v1.id);
    expect(history.map((v) => [v.version, v.reason])).toEqual([
      [3, "update"],
      [2, "update"],
      [1, "create"],
    ]);
    expect(history[2].snapshot).toMatchObject({ name: "Writer", system_prompt: "v1 prompt", include_tools: [], model_config: null });
    expect(history[1].snapshot).toMatchObject({ system_prompt: "v2 prompt", include_tools: ["calculator"] });
    expect(history[0].snapshot.model_config).toEqual({ provider: "anthropic", model_name: "claude-sonnet-4-5" });
    expectProblem(await call(api.http, "PUT", `/agents/${v1.id}`, { token: ana.token, json: { version: 99 } }), 422);
  });

  it("rolls back by creating a new version equal to the chosen one", async () => {
    const ana = await person(api.http, api.db, "ana");
    const v1 = await createAgent(ana, { name: "Writer", system_prompt: "good prompt", iteration_limit: 5 });
    await update(ana, v1.id, { system_prompt: "bad edit", iteration_limit: 1, include_tools: ["http_get"] });
    const rolled = expectOk(await call(api.http, "POST", `/agents/${v1.id}/versions/1/rollback`, { token: ana.token }), 200, agent);
    expect(rolled).toMatchObject({ version: 3, system_prompt: "good prompt", iteration_limit: 5, include_tools: [] });
    const history = await versions(ana, v1.id);
    expect(history.map((v) => [v.version, v.reason])).toEqual([
      [3, "rollback"],
      [2, "update"],
      [1, "create"],
    ]);
    expect(history[0].snapshot).toEqual(history[2].snapshot);
    expectProblem(await call(api.http, "POST", `/agents/${v1.id}/versions/9/rollback`, { token: ana.token }), 404);
  });

  it("deploy and stop change the status, not the version", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await createAgent(ana, { name: "Ops" });
    const deployed = expectOk(await call(api.http, "POST", `/agents/${created.id}/deploy`, { token: ana.token }), 200, agent);
    expect(deployed).toMatchObject({ status: "deployed", version: 1 });
    const stopped = expectOk(await call(api.http, "POST", `/agents/${created.id}/stop`, { token: ana.token }), 200, agent);
    expect(stopped).toMatchObject({ status: "stopped", version: 1 });
  });
});

describe("agents: duplicate, export and import", () => {
  it("duplicates as a deep copy: new id, \"(copy)\" name, version 1, draft, independent", async () => {
    const ana = await person(api.http, api.db, "ana");
    const original = await createAgent(ana, { ...seedExample, include_tools: ["calculator"] });
    await update(ana, original.id, { description: "edited" });
    await call(api.http, "POST", `/agents/${original.id}/deploy`, { token: ana.token });
    const copy = expectOk(await call(api.http, "POST", `/agents/${original.id}/duplicate`, { token: ana.token }), 201, agent);
    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({ name: "Release-notes writer (copy)", description: "edited", version: 1, status: "draft", include_tools: ["calculator"], model_config: { provider: "openai", model_name: "deepseek-v4-pro", temperature: 0.8 } });
    expect(copy.workflow_config).toEqual(seedExample.workflow_config);
    expect((await versions(ana, copy.id)).map((v) => v.reason)).toEqual(["duplicate"]);
    await update(ana, copy.id, { workflow_config: { nodes: [] } });
    expect((await getAgent(ana, original.id)).workflow_config).toEqual(seedExample.workflow_config);
  });

  it("exports a versioned document without ids or secrets, and imports it for another user", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const config = expectOk(
      await call(api.http, "POST", "/model-configs", { token: ana.token, json: { name: "DS", provider: "openai-compatible", base_url: "https://internal.example/v1", model_name: "deepseek-chat", api_key: "sk-ana-secret" } }),
      201,
      modelConfig,
    );
    const original = await createAgent(ana, { ...seedExample, model_config: { model_config_id: config.id, temperature: 0.4 }, include_tools: ["json_extract", "current_time"] });
    const res = await call(api.http, "GET", `/agents/${original.id}/export`, { token: ana.token });
    const doc = expectOk(res, 200, exportedAgent);
    expect(doc).toMatchObject({ format: "atrium.agent", version: 1, exported_at: expect.any(String) });
    expect(doc.agent).toEqual({
      name: seedExample.name,
      description: seedExample.description,
      system_prompt: seedExample.system_prompt,
      model_config: { provider: "openai-compatible", model_name: "deepseek-chat", temperature: 0.4, max_tokens: null },
      iteration_limit: 15,
      include_tools: ["json_extract", "current_time"],
      approval_tools: [],
      workflow_config: seedExample.workflow_config,
    });
    for (const leak of [config.id, original.id, ana.id, "sk-ana-secret", "internal.example"]) expect(res.text).not.toContain(leak);

    const imported = expectOk(await call(api.http, "POST", "/agents/import", { token: ben.token, json: doc }), 201, agent);
    expect(imported).toMatchObject({ owner_id: ben.id, version: 1, status: "draft", name: seedExample.name, iteration_limit: 15, include_tools: ["json_extract", "current_time"] });
    expect(imported.model_config).toEqual({ model_config_id: null, provider: "openai-compatible", model_name: "deepseek-chat", temperature: 0.4, max_tokens: null, label: null });
    expect(imported.workflow_config).toEqual(seedExample.workflow_config);
    const again = expectOk(await call(api.http, "GET", `/agents/${imported.id}/export`, { token: ben.token }), 200, exportedAgent);
    expect(again.agent).toEqual(doc.agent);
    expect((await versions(ben, imported.id)).map((v) => v.reason)).toEqual(["import"]);
  });

  it("refuses an invalid import with 422 listing every bad field", async () => {
    const ana = await person(api.http, api.db, "ana");
    const bad = expectProblem(
      await call(api.http, "POST", "/agents/import", {
        token: ana.token,
        json: { format: "other.thing", version: 2, agent: { name: "", iteration_limit: 999, include_tools: ["nope"], model_config: { provider: "skynet" } } },
      }),
      422,
    );
    expect(issuePaths(bad)).toEqual([
      "body.agent.include_tools.0",
      "body.agent.iteration_limit",
      "body.agent.model_config.model_name",
      "body.agent.model_config.provider",
      "body.agent.name",
      "body.format",
      "body.version",
    ]);
    expectProblem(await call(api.http, "POST", "/agents/import", { token: ana.token, raw: "{not json", headers: { "content-type": "application/json" } }), 400);
    expect((await list(ana)).total).toBe(0);
  });
});

describe("agents: delete", () => {
  it("deletes the agent with its versions, sessions and messages in one go; the usage ledger keeps its rows", async () => {
    const ana = await person(api.http, api.db, "ana");
    const created = await createAgent(ana, { name: "Chatty", include_tools: ["calculator"] });
    await update(ana, created.id, { description: "v2" });
    const reply = expectOk(await call(api.http, "POST", `/agent-chat/${created.id}`, { token: ana.token, json: { message: 'call tool calculator with {"expression": "6*7"}' } }), 200, chatReply);
    expectOk(await call(api.http, "POST", `/agent-chat/${created.id}`, { token: ana.token, json: { message: "and again", session_id: reply.session_id } }), 200, chatReply);
    expect(await api.db.chatMessage.count({ where: { sessionId: reply.session_id } })).toBe(4);
    const calls = await api.db.modelCall.count({ where: { agentId: created.id } });
    expect(calls).toBe(3);

    expectNoContent(await call(api.http, "DELETE", `/agents/${created.id}`, { token: ana.token }));
    expectProblem(await call(api.http, "GET", `/agents/${created.id}`, { token: ana.token }), 404);
    expect(await api.db.agentVersion.count({ where: { agentId: created.id } })).toBe(0);
    expect(await api.db.chatSession.count({ where: { agentId: created.id } })).toBe(0);
    expect(await api.db.chatMessage.count({ where: { sessionId: reply.session_id } })).toBe(0);
    expect(await api.db.modelCall.count({ where: { userId: ana.id, agentId: null, sessionId: reply.session_id } })).toBe(3);
    expectProblem(await call(api.http, "DELETE", `/agents/${created.id}`, { token: ana.token }), 404);
  });
});

describe("agents over tRPC (the designer's surface)", () => {
  it("calls the same services: create, update with versions, rollback, tools picker; foreign ids are NOT_FOUND", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const trpc = callerFor(api.db, ana.id);
    const created = await trpc.agents.create({ name: "Designer draft", include_tools: ["calculator"] });
    expect(created).toMatchObject({ version: 1, include_tools: ["calculator"] });
    const edited = await trpc.agents.update({ id: created.id, patch: { system_prompt: "Be precise." } });
    expect(edited.version).toBe(2);
    expect((await trpc.agents.versions({ id: created.id })).map((v) => v.version)).toEqual([2, 1]);
    expect((await trpc.agents.rollback({ id: created.id, version: 1 })).system_prompt).toBe("");
    const tools = await trpc.agents.tools();
    expect(tools.map((t) => t.name)).toEqual(["current_time", "calculator", "http_get", "json_extract", "search_my_data"]);
    expect((await trpc.agents.list({ page: 1, page_size: 20 })).total).toBe(1);
    await expectTrpcError(callerFor(api.db, ben.id).agents.get({ id: created.id }), "NOT_FOUND");
    await expectTrpcError(trpc.agents.create({ name: "x", include_tools: ["nope"] } as never), "BAD_REQUEST");
  });
});
