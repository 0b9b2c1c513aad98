import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { a2aAgentDetail } from "@/features/a2a/schemas";
import { agent } from "@/features/agents/schemas";
import { describeTools, describeToolsFor, toolSet } from "@/features/agents/tools";
import { answerOnce } from "@/features/chat/service/answer-once";
import { mcpServer } from "@/features/mcp/schemas";
import { disconnectAll } from "@/features/mcp/service/connections";
import { createCaller } from "@/server/trpc/root";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { startOutsideAgent, type OutsideAgent } from "./a2a-client-outside-agent";
import { runClient, stepOf, storeWorkflow } from "./workflows-engine.helpers";

const api = setupApi();
const { startRun, untilRun } = runClient(api);
const ENV_SERVER = join(process.cwd(), "tests/integration/mcp-env-server.mjs");
const TOOL = "a2a_echo_agent";
let echo: OutsideAgent;
/** The file's first account: the administrator, who may add a stdio MCP server. */
let root: Person;
let ben: Person;
let restoreEnv = () => {};

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1", A2A_POLL_INTERVAL_MS: "100" });
  echo = await startOutsideAgent({ slowMs: 300 });
  root = await person(api.http, api.db, "root");
  ben = await person(api.http, api.db, "ben");
  expectOk(await call(api.http, "POST", "/api/a2a/discover", { token: root.token, json: { url: echo.url } }), 200, a2aAgentDetail);
});
afterAll(async () => {
  await disconnectAll();
  await echo?.close();
  restoreEnv();
});

describe("discovered A2A agents as agent tools", () => {
  it("the picker lists them after the built-in tools, described by their card; others see none", async () => {
    const mine = await describeToolsFor({ db: api.db, userId: root.id });
    expect(mine.slice(0, describeTools().length)).toEqual(describeTools());
    const tool = mine.find((t) => t.name === TOOL);
    expect(tool?.description).toMatch(/Echo Agent.*Repeats what it is told.*Skills: Echo/);
    expect(tool?.input_schema).toMatchObject({ type: "object", required: ["message"] });
    expect((await describeToolsFor({ db: api.db, userId: ben.id })).some((t) => t.name.startsWith("a2a_"))).toBe(false);
  });

  it("agents accept a2a_ names in include_tools and refuse malformed ones", async () => {
    const created = expectOk(await call(api.http, "POST", "/agents", { token: root.token, json: { name: "Relay", include_tools: [TOOL, "calculator"] } }), 201, agent);
    expect(created.include_tools).toEqual([TOOL, "calculator"]);
    expectProblem(await call(api.http, "POST", "/agents", { token: root.token, json: { name: "Bad", include_tools: ["a2a_Not Allowed!"] } }), 422);
  });

  it("a run's tool set calls the outside agent and answers its text; an unknown agent is an error for the model", async () => {
    const tools = toolSet({ db: api.db, userId: root.id }, [TOOL, "a2a_nobody"]);
    const options = { toolCallId: "t1", messages: [], context: {} } as never;
    expect(await tools[TOOL].execute!({ message: "ping" }, options)).toEqual({ result: "Echo: ping" });
    expect(await tools.a2a_nobody.execute!({ message: "ping" }, options)).toMatchObject({ error: expect.stringMatching(/a2a_nobody/) });
    expect(await tools[TOOL].execute!({ message: "please fail" }, options)).toEqual({ error: "I cannot do that" });
  });

  it("a call whose run is stopped cancels its task rather than leaving it working", async () => {
    const tools = toolSet({ db: api.db, userId: root.id }, [TOOL]);
    const stop = new AbortController();
    const calling = tools[TOOL].execute!({ message: "slow, then never mind" }, { toolCallId: "t2", messages: [], context: {}, abortSignal: stop.signal } as never);
    setTimeout(() => stop.abort(), 100);
    await expect(calling).rejects.toMatchObject({ name: "AbortError" });
    const task = await api.db.a2aOutboundTask.findFirstOrThrow({ where: { userId: root.id, message: "slow, then never mind" } });
    expect(task).toMatchObject({ state: "canceled", owner: null });
  });

  it("an agent whose tools include it calls it in a turn (built-in model), through a stored task", async () => {
    const created = expectOk(await call(api.http, "POST", "/agents", { token: root.token, json: { name: "Asker", include_tools: [TOOL] } }), 201, agent);
    const viewer = { userId: root.id, role: "admin" as const, via: "bearer" as const };
    const message = `call tool ${TOOL} with {"message": "slow hello from Atrium"}`;
    const { turn } = await answerOnce({ db: api.db, viewer, agentId: created.id, message, titlePrefix: "Test", logLabel: "test" }, new AbortController().signal);
    expect(turn.status).toBe("complete");
    expect(turn.calls.map((c) => c.name)).toEqual([TOOL]);
    expect(turn.content).toContain("Echo: slow hello from Atrium");
    const tasks = await createCaller({ db: api.db, viewer, ip: "127.0.0.1" }).a2a.tasks({});
    expect(tasks.tasks[0]).toMatchObject({ message: "slow hello from Atrium", state: "completed", result: "Echo: slow hello from Atrium" });
  });
});

describe("workflow tool nodes with outside tools", () => {
  it("the editor's catalog offers the owner's MCP tools and A2A agents", async () => {
    const catalog = await createCaller({ db: api.db, viewer: { userId: root.id, role: "admin", via: "bearer" }, ip: "127.0.0.1" }).workflows.catalog();
    expect(catalog.tools.map((t) => t.name)).toContain(TOOL);
  });

  it("calls an MCP tool and an A2A agent, acting for the run's owner, with rendered inputs", async () => {
    const json = { name: "env", transport: "stdio", command: process.execPath, args: [ENV_SERVER], env: { SERVER_TOKEN: "tok-123" } };
    expectOk(await call(api.http, "POST", "/api/mcp/servers", { token: root.token, json }), 201, mcpServer);
    const wf = await storeWorkflow(api.db, root, [
      { id: "start", type: "start" },
      { id: "mcp", type: "tool", config: { tool: "mcp_env_environment", input: { reveal: "{{ input.variable }}" } } },
      { id: "ask", type: "tool", config: { tool: TOOL, input: { message: "Summarise {{ input.topic }}" } } },
      { id: "end", type: "end", config: { output: { answer: "{{ nodes.ask.output.text }}" } } },
    ], [["start", "mcp"], ["mcp", "ask"], ["ask", "end"]]);
    const run = await untilRun(root, (await startRun(root, wf.id, { variable: "SERVER_TOKEN", topic: "the week" })).id, undefined, 30_000);
    expect(run.status).toBe("succeeded");
    expect(JSON.parse((stepOf(run, "mcp").output as { text: string }).text)).toMatchObject({ value: "tok-123" });
    expect(stepOf(run, "ask").output).toMatchObject({ text: "Echo: Summarise the week", state: "completed", task_id: expect.any(String) });
    expect(run.output).toEqual({ answer: "Echo: Summarise the week" });
  });

  it("fails the step clearly for an unknown tool, another person's agent, or a failed task", async () => {
    const unknown = await storeWorkflow(api.db, root, [{ id: "start", type: "start" }, { id: "t", type: "tool", config: { tool: "no_such_tool", input: {} } }], [["start", "t"]]);
    const r1 = await untilRun(root, (await startRun(root, unknown.id)).id);
    expect(r1.status).toBe("failed");
    expect(stepOf(r1, "t").error).toMatch(/There is no built-in tool "no_such_tool"/);

    const borrowed = await storeWorkflow(api.db, ben, [{ id: "start", type: "start" }, { id: "t", type: "tool", config: { tool: TOOL, input: { message: "hi" } } }], [["start", "t"]]);
    const r2 = await untilRun(ben, (await startRun(ben, borrowed.id)).id);
    expect(r2.status).toBe("failed");
    expect(stepOf(r2, "t").error).toMatch(/No A2A agent of yours/);

    const failing = await storeWorkflow(api.db, root, [{ id: "start", type: "start" }, { id: "t", type: "tool", config: { tool: TOOL, input: { message: "please fail" } } }], [["start", "t"]]);
    const r3 = await untilRun(root, (await startRun(root, failing.id)).id, undefined, 30_000);
    expect(r3.status).toBe("failed");
    expect(stepOf(r3, "t").error).toMatch(/I cannot do that/);
  });
});
