import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { modelConfig } from "@/features/models/schemas";
import type { NodeType } from "@/features/workflows/definition";
import { executorFor, runNode } from "@/features/workflows/nodes";
import { NodeError, type ExpressionScope, type NodeContext, type NodeResult } from "@/features/workflows/nodes/types";
import { call, expectOk } from "../support/api";
import { setupApi, setupStubProvider, withEnv } from "../support/harness";
import { person, type Person } from "../support/people";
import { STUB_MODEL } from "../support/stub-provider";

const api = setupApi();
const stub = setupStubProvider();
let site: Server;
let siteUrl: string;
let ana: Person;
let ben: Person;

beforeAll(async () => {
  site = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const path = req.url ?? "/";
    if (path.startsWith("/json")) {
      res.setHeader("content-type", "application/json; charset=utf-8");
      return res.end(JSON.stringify({ method: req.method, path, body, header: req.headers["x-token"] ?? null, type: req.headers["content-type"] ?? null }));
    }
    if (path === "/text") return res.end("plain words");
    if (path.startsWith("/hang")) return; // answers never: for cancellation
    if (path === "/busy") {
      res.statusCode = 429;
      return res.end("slow down");
    }
    if (path === "/broken") {
      res.statusCode = 500;
      return res.end("oops");
    }
    res.statusCode = 404;
    res.end("no such page");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  ana = await person(api.http, api.db, "ana");
  ben = await person(api.http, api.db, "ben");
});
afterAll(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

interface Ran {
  result: NodeResult;
  logs: { level: string; message: string }[];
}

function context(userId: string, scope: Partial<ExpressionScope>, logs: Ran["logs"], signal = new AbortController().signal): NodeContext {
  return {
    db: api.db,
    userId,
    runId: "00000000-0000-4000-8000-000000000001",
    stepId: "00000000-0000-4000-8000-000000000002",
    nodeId: "n1",
    signal,
    scope: { input: {}, nodes: {}, ...scope },
    log: (level, message) => logs.push({ level, message }),
  };
}

/** Runs a node the way the engine does: the stored config parsed with its type's schema, then executed. */
async function run(type: NodeType, config: Record<string, unknown>, scope: Partial<ExpressionScope> = {}, options: { userId?: string; signal?: AbortSignal } = {}): Promise<Ran> {
  const logs: Ran["logs"] = [];
  const result = await runNode(type, config, context(options.userId ?? ana.id, scope, logs, options.signal));
  return { result, logs };
}

async function fails(type: NodeType, config: Record<string, unknown>, scope: Partial<ExpressionScope> = {}, options: { userId?: string } = {}): Promise<NodeError> {
  try {
    await run(type, config, scope, options);
  } catch (error) {
    expect(error).toBeInstanceOf(NodeError);
    return error as NodeError;
  }
  throw new Error(`the ${type} node should have failed`);
}

const output = (ran: Ran) => (ran.result as { output: unknown }).output;

async function stubConfig(who: Person) {
  return expectOk(
    await call(api.http, "POST", "/model-configs", { token: who.token, json: { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL } }),
    201,
    modelConfig,
  );
}

describe("executorFor", () => {
  it("has the data and logic nodes, not the ones the engine runs itself", () => {
    for (const type of ["llm", "agent", "tool", "http", "code", "transform", "condition", "switch", "loop"] as const) expect(executorFor(type), type).toBeTypeOf("function");
    for (const type of ["start", "end", "parallel", "merge", "approval", "delay", "subworkflow", "webhook_trigger", "schedule_trigger"] as const) expect(executorFor(type), type).toBeUndefined();
  });

  it("refuses a config that fails its schema, without running", async () => {
    expect((await fails("http", { url: "" })).message).toMatch(/Invalid http config: url/);
  });
});

describe("transform, condition, switch", () => {
  const scope = { input: { amount: 120, kind: "refund", tags: [] }, nodes: { prev: { output: { list: [1, 2, 3] } } } };

  it("transform outputs the expression's value", async () => {
    expect(output(await run("transform", { expression: "{ 'total': $sum(nodes.prev.output.list), 'kind': input.kind }" }, scope))).toEqual({ total: 6, kind: "refund" });
    expect(output(await run("transform", { expression: "input.nothing" }, scope))).toBeNull();
    expect((await fails("transform", { expression: "input.(" }, scope)).retryable).toBe(false);
  });

  it("condition picks true or false by truthiness", async () => {
    expect((await run("condition", { expression: "input.amount > 100" }, scope)).result).toEqual({ output: { value: true }, handle: "true" });
    expect((await run("condition", { expression: "input.tags" }, scope)).result).toEqual({ output: { value: false }, handle: "false" });
    expect((await run("condition", { expression: "input.missing" }, scope)).result).toMatchObject({ handle: "false" });
  });

  it("switch picks the first matching case, else default", async () => {
    const cases = [{ value: "sale" }, { value: "refund" }, { value: "refund" }];
    expect((await run("switch", { expression: "input.kind", cases }, scope)).result).toEqual({ output: { value: "refund", case: 1 }, handle: "case-1" });
    expect((await run("switch", { expression: "input.amount", cases: [{ value: "120" }] }, scope)).result).toMatchObject({ handle: "case-0" });
    expect((await run("switch", { expression: "'other'", cases }, scope)).result).toEqual({ output: { value: "other", case: null }, handle: "default" });
  });
});

describe("code (QuickJS sandbox)", () => {
  const scope = { input: { name: "Ada", n: 4 }, nodes: { prev: { output: [1, 2, 3] } } };

  it("sees input and nodes, returns JSON, and logs to the step", async () => {
    const ran = await run("code", { source: 'console.log("hello", input.name, { n: input.n });\nconst sum = nodes.prev.output.reduce((a, b) => a + b, 0);\nreturn { greeting: `Hi ${input.name}`, sum, at: new Date(0).toISOString() };' }, scope);
    expect(output(ran)).toEqual({ greeting: "Hi Ada", sum: 6, at: "1970-01-01T00:00:00.000Z" });
    expect(ran.logs).toContainEqual({ level: "info", message: 'hello Ada {"n":4}' });
    expect(output(await run("code", { source: "const x = 1;" }, scope))).toBeNull();
  });

  it("has no require, process, fetch or host globals", async () => {
    const probe = await run("code", { source: "return [typeof require, typeof process, typeof fetch, typeof XMLHttpRequest, typeof globalThis.__scope, typeof module];" });
    expect(output(probe)).toEqual(["undefined", "undefined", "undefined", "undefined", "undefined", "undefined"]);
    const error = await fails("code", { source: 'return require("fs").readFileSync("/etc/passwd", "utf8");' });
    expect(error.message).toMatch(/ReferenceError.*require/);
  });

  it("stops an endless loop at its time limit, on its own thread: the server's event loop keeps going", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    const error = await fails("code", { source: "while (true) {}", timeout_ms: 1000 });
    const elapsed = Date.now() - started;
    clearInterval(timer);
    expect(error.message).toBe("The code stopped after 1000 ms (an endless loop, or too much work for the time limit)");
    expect(error.retryable).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1_600);
    // A 10 ms timer kept firing through the second the script ran (on the main thread it fired 0-1 times).
    expect(ticks).toBeGreaterThan(40);
    // The sandbox is usable again right away.
    expect(output(await run("code", { source: "return 1 + 1;" }))).toBe(2);
  });

  it("fails a memory blow-up and a runaway recursion cleanly", async () => {
    // Many small objects: QuickJS reaches its limit in well under a second (large arrays near the
    // limit make it collect over and over for seconds; the time limit then ends them).
    const memory = await fails("code", { source: "const a = []; let i = 0; while (true) a.push({ i: i++, s: 'x' + i });", memory_mb: 8, timeout_ms: 5000 });
    expect(memory.message).toMatch(/ran out of memory \(limit 8 MB\)/);
    const deep = await fails("code", { source: "function f(n) { return f(n + 1) + 1; } return f(0);" });
    expect(deep.message).toMatch(/stack overflow|too deeply/i);
  });

  it("reports a thrown error with its line", async () => {
    const error = await fails("code", { source: 'const a = 1;\nthrow new TypeError("bad " + a);' });
    expect(error.message).toBe("TypeError: bad 1 (line 2)");
    expect((await fails("code", { source: "return (;" })).message).toMatch(/SyntaxError/);
  });

  it("keeps console output bounded", async () => {
    const ran = await run("code", { source: "for (let i = 0; i < 500; i++) console.log('line ' + i); return 'done';" });
    expect(ran.logs).toHaveLength(100);
    expect(ran.logs.at(-1)?.message).toMatch(/further console output dropped/);
  });
});

describe("http", () => {
  it("renders the request and parses a JSON answer", async () => {
    const ran = await run(
      "http",
      { method: "POST", url: `${siteUrl}/json?id={{ input.id }}`, headers: { "x-token": "t-{{ input.id }}" }, body: '{{ {"name": input.name} }}' },
      { input: { id: 7, name: "Ada" } },
    );
    expect(output(ran)).toMatchObject({
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: { method: "POST", path: "/json?id=7", body: '{"name":"Ada"}', header: "t-7", type: "application/json" },
    });
    expect(output(await run("http", { url: `${siteUrl}/text` }))).toMatchObject({ status: 200, body: "plain words" });
  });

  it("fails on non-2xx, retryable only for 429 and 5xx", async () => {
    const missing = await fails("http", { url: `${siteUrl}/nope` });
    expect(missing.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/nope answered 404: no such page$/);
    expect(missing.retryable).toBe(false);
    expect((await fails("http", { url: `${siteUrl}/busy` })).retryable).toBe(true);
    expect((await fails("http", { url: `${siteUrl}/broken` })).retryable).toBe(true);
  });

  it("refuses private addresses unless they are allowed", async () => {
    const undo = withEnv({ OUTBOUND_ALLOW_PRIVATE: undefined });
    try {
      const refused = await fails("http", { url: `${siteUrl}/json` });
      expect(refused.message).toMatch(/Refused to connect to 127\.0\.0\.1.*loopback/);
      expect(refused.retryable).toBe(false);
      expect((await fails("http", { url: "http://169.254.169.254/latest/meta-data/" })).message).toMatch(/link-local/);
      expect((await fails("http", { url: "file:///etc/passwd" })).message).toMatch(/Only http and https/);
    } finally {
      undo();
    }
  });
});

describe("tool", () => {
  it("renders and JSON-parses the input, validates it, and runs the tool", async () => {
    expect(output(await run("tool", { tool: "calculator", input: { expression: "{{ input.a }} * 2" } }, { input: { a: 21 } }))).toMatchObject({ result: 42 });
    const extracted = await run("tool", { tool: "json_extract", input: { json: "{{ nodes.prev.output }}", path: "items[1].id" } }, { nodes: { prev: { output: { items: [{ id: 1 }, { id: 2 }] } } } });
    expect(output(extracted)).toMatchObject({ found: true, value: 2 });
  });

  it("explains bad input and unknown tools", async () => {
    expect((await fails("tool", { tool: "current_time", input: { timezone: "Mars/Olympus" } })).message).toMatch(/^Invalid input for current_time: timezone: /);
    expect((await fails("tool", { tool: "rm_rf", input: {} })).message).toMatch(/no built-in tool "rm_rf"/);
    expect((await fails("tool", { tool: "calculator", input: { expression: "a = 1" } })).message).toMatch(/^calculator: Cannot/);
  });
});

describe("llm", () => {
  it("answers with the built-in model and meters the call", async () => {
    const before = await api.db.modelCall.count({ where: { userId: ana.id } });
    const ran = await run("llm", { system: "Be brief.", prompt: "Summarise {{ input.topic }}" }, { input: { topic: "the weather" } });
    expect(output(ran)).toMatchObject({ text: expect.stringContaining("Summarise the weather"), usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) } });
    expect(await api.db.modelCall.count({ where: { userId: ana.id } })).toBe(before + 1);
  });

  it("uses the owner's model config, and no one else's", async () => {
    const config = await stubConfig(ana);
    const ran = await run("llm", { model_config_id: config.id, prompt: "Hi there", temperature: 0.2 });
    expect(output(ran)).toMatchObject({ text: "Hello from the stub model. You said: Hi there" });
    expect(stub.requests.at(-1)?.body).toMatchObject({ temperature: 0.2 });
    const ledger = await api.db.modelCall.findFirst({ where: { userId: ana.id }, orderBy: { createdAt: "desc" } });
    expect(ledger).toMatchObject({ provider: "openai-compatible", model: STUB_MODEL, status: "ok" });
    const stolen = await fails("llm", { model_config_id: config.id, prompt: "Hi" }, {}, { userId: ben.id });
    expect(stolen.message).toMatch(/Model config not found/);
    expect(stolen.retryable).toBe(false);
    expect((await fails("llm", { model_config_id: config.id, prompt: "[stub:error]" })).message).toMatch(/model provider answered 500/);
  });

  it("parses a JSON answer, and says so when it is not JSON", async () => {
    expect(output(await run("llm", { prompt: '{"ok": true, "n": 3}', json: true }))).toEqual({ ok: true, n: 3 });
    expect((await fails("llm", { prompt: "just words", json: true })).message).toMatch(/^The model's answer is not JSON: You said: just words/);
  });
});

describe("agent", () => {
  it("runs the owner's agent, or one shared at use, and refuses the rest", async () => {
    const config = await stubConfig(ana);
    const helper = expectOk(
      await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Helper", system_prompt: "Help.", model_config: { model_config_id: config.id }, include_tools: ["calculator"] } }),
      201,
      agent,
    );
    const ran = await run("agent", { agent_id: helper.id, message: "call tool calculator with {\"expression\": \"{{ input.a }} + 1\"}" }, { input: { a: 41 } });
    const out = output(ran) as { text: string; usage: object; tool_calls: { name: string; result: unknown }[]; session_id: string };
    expect(out.text).toMatch(/Stub saw calculator result/);
    expect(out.tool_calls).toEqual([expect.objectContaining({ name: "calculator", result: expect.objectContaining({ result: 42 }) })]);
    expect(out.usage).toMatchObject({ input_tokens: expect.any(Number) });
    const stored = await api.db.chatMessage.findMany({ where: { sessionId: out.session_id }, orderBy: { createdAt: "asc" } });
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant"]);

    const refused = await fails("agent", { agent_id: helper.id, message: "hi" }, {}, { userId: ben.id });
    expect(refused.message).toBe("Agent not found");
    expect(refused.retryable).toBe(false);

    const grant = await call(api.http, "POST", `/permissions/resources/agent/${helper.id}/grants`, { token: ana.token, json: { user_id: ben.id, level: "use" } });
    expect(grant.status).toBeLessThan(300);
    // Ben runs Ana's agent with its model config (the agent's), as chat does for a shared agent.
    expect(output(await run("agent", { agent_id: helper.id, message: "hello" }, {}, { userId: ben.id }))).toMatchObject({ text: "Hello from the stub model. You said: hello" });
  });
});

describe("loop", () => {
  it("runs the body per item with item and index, in order, with bounded concurrency", async () => {
    const ran = await run("loop", { items: "input.list", concurrency: 3, body: { type: "transform", config: { expression: "{ 'v': $item * 10, 'i': $index }" } } }, { input: { list: [1, 2, 3, 4, 5] } });
    expect(output(ran)).toEqual([1, 2, 3, 4, 5].map((v, i) => ({ v: v * 10, i })));
    expect(ran.logs).toContainEqual({ level: "info", message: "Ran 5 items" });

    const http = await run("loop", { items: "[1,2,3,4]", concurrency: 2, body: { type: "http", config: { url: `${siteUrl}/json/{{ item }}` } } });
    expect((output(http) as { body: { path: string } }[]).map((o) => o.body.path)).toEqual(["/json/1", "/json/2", "/json/3", "/json/4"]);
  });

  it("fails with the first failing item, and refuses what is not a list of at most 1,000", async () => {
    const failed = await fails("loop", { items: "[1, 2, 0, 4]", body: { type: "code", config: { source: "if (item === 0) throw new Error('zero'); return 10 / item;" } } });
    expect(failed.message).toBe("item 2: Error: zero (line 1)");
    expect(failed.retryable).toBe(false);
    expect((await fails("loop", { items: "input", body: { type: "transform", config: { expression: "$item" } } }, { input: { a: 1 } })).message).toMatch(/must be a list; the expression gave an object/);
    expect((await fails("loop", { items: "[1..1001]", body: { type: "transform", config: { expression: "$item" } } })).message).toMatch(/1001 entries; at most 1000/);
    expect((await fails("loop", { items: "[1]", body: { type: "code", config: {} } })).message).toMatch(/loop body's config is invalid: source/);
  });

  it("reports the item that failed, not the ones its failure stopped", async () => {
    const started = Date.now();
    const failed = await fails("loop", { items: "[0, 1, 2]", concurrency: 3, body: { type: "http", config: { url: `${siteUrl}/{{ item = 1 ? "nope" : "hang" }}`, timeout_ms: 20_000 } } });
    expect(failed.message).toMatch(/^item 1: GET http:\/\/127\.0\.0\.1:\d+\/nope answered 404/);
    expect(failed.retryable).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops when the run is cancelled", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = run("loop", { items: "[1,2,3,4,5,6,7,8,9,10]", concurrency: 2, body: { type: "http", config: { url: `${siteUrl}/hang/{{ item }}`, timeout_ms: 20_000 } } }, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toMatchObject({ name: expect.stringMatching(/Abort/) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
