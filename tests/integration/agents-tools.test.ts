import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { BUILTIN_TOOLS, describeTools, toolSet } from "@/features/agents/tools";
import { checkExpression, evaluateExpression } from "@/features/agents/tools/calculator";
import { extract, parsePath } from "@/features/agents/tools/json-extract";
import { chatReply } from "@/features/chat/schemas";
import { call, expectOk } from "../support/api";
import { createItem } from "../support/calendar";
import { setupApi, withEnv } from "../support/harness";
import { person } from "../support/people";

const api = setupApi();
let site: Server;
let siteUrl: string;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = withEnv({ OUTBOUND_ALLOW_PRIVATE: "1" });
  site = createServer((req, res) => {
    if (req.url === "/long") {
      res.setHeader("content-type", "text/plain");
      return res.end("x".repeat(10_000));
    }
    if (req.url === "/image") {
      res.setHeader("content-type", "image/png");
      return res.end(Buffer.alloc(100));
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ release: "1.4.0", items: [{ id: 1 }, { id: 2 }] }));
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => site.close(resolve));
  restoreEnv();
});

/** Runs a built-in tool the way the agent loop does (validated input, errors as `{error}`). */
async function run(userId: string, name: string, input: unknown) {
  const tools = toolSet({ db: api.db, userId }, [name]);
  const definition = BUILTIN_TOOLS.find((t) => t.name === name)!;
  const parsed = definition.inputSchema.parse(input);
  return tools[name].execute!(parsed, { toolCallId: "t1", messages: [], context: {} } as never) as Promise<Record<string, unknown>>;
}

describe("built-in tools", () => {
  it("are described to the model with a JSON Schema each", () => {
    const described = describeTools();
    expect(described.map((t) => t.name)).toEqual(["current_time", "calculator", "http_get", "json_extract", "search_my_data"]);
    const calc = described.find((t) => t.name === "calculator")!;
    expect(calc.input_schema).toMatchObject({ type: "object", properties: { expression: { type: "string" } }, required: ["expression"] });
  });

  it("current_time answers in the requested IANA zone and refuses an unknown one", async () => {
    const result = await run("00000000-0000-4000-8000-000000000000", "current_time", { timezone: "Asia/Kolkata" });
    expect(result).toMatchObject({ timezone: "Asia/Kolkata", utc_offset: "+05:30", local: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/) });
    expect(Math.abs(Date.parse(result.utc as string) - Date.now())).toBeLessThan(5000);
    expect((await run("00000000-0000-4000-8000-000000000000", "current_time", {})).timezone).toBe("UTC");
    const zone = BUILTIN_TOOLS.find((t) => t.name === "current_time")!.inputSchema.safeParse({ timezone: "Mars/Olympus" });
    expect(zone.success).toBe(false);
  });

  it("calculator evaluates arithmetic and refuses anything that is not", async () => {
    expect(await evaluateExpression("(17 + 25) * 3 / 2")).toBe(63);
    expect(await evaluateExpression("sqrt(16) + 2^3 - 10 % 4")).toBe(10);
    expect(await evaluateExpression("round(pi * 100) / 100")).toBe(3.14);
    expect(await evaluateExpression("0.1 + 0.2")).toBe(0.3);
    for (const attack of ['import({}, {override: true})', "a = 1", "f(x) = x", "[1, 2, 3]", "5 cm to inch", '"text"', "x.constructor", "evaluate(\"1+1\")", "ones(10000, 10000)", "1 ? 2 : 3"]) {
      await expect(evaluateExpression(attack), attack).rejects.toThrow(/Cannot (evaluate|parse)/);
    }
    expect(await run("00000000-0000-4000-8000-000000000000", "calculator", { expression: "2 +" })).toEqual({ error: expect.stringMatching(/^Cannot parse/) });
    expect(typeof checkExpression).toBe("function");
  });

  it("json_extract follows dot paths, indexes and wildcards, and never the prototype", async () => {
    const doc = { user: { name: "Ana", tags: ["a", "b"] }, items: [{ id: 1, price: 9 }, { id: 2, price: 12 }], "odd key": true };
    expect(extract(doc, parsePath("$.user.name"))).toEqual({ found: true, value: "Ana" });
    expect(extract(doc, parsePath("items[1].price"))).toEqual({ found: true, value: 12 });
    expect(extract(doc, parsePath("user.tags.0"))).toEqual({ found: true, value: "a" });
    expect(extract(doc, parsePath("items[*].id"))).toEqual({ found: true, value: [1, 2] });
    expect(extract(doc, parsePath('["odd key"]'))).toEqual({ found: true, value: true });
    expect(extract(doc, parsePath("user.constructor"))).toEqual({ found: false, value: null });
    expect(extract(doc, parsePath("__proto__"))).toEqual({ found: false, value: null });
    expect(await run("00000000-0000-4000-8000-000000000000", "json_extract", { json: JSON.stringify(doc), path: "items[0]" })).toEqual({ path: "items[0]", found: true, value: { id: 1, price: 9 } });
    expect(await run("00000000-0000-4000-8000-000000000000", "json_extract", { json: "{broken", path: "a" })).toEqual({ error: "`json` is a string but not valid JSON" });
  });

  it("http_get fetches text through the guarded client, truncated, and refuses private addresses unless allowed", async () => {
    const json = await run("00000000-0000-4000-8000-000000000000", "http_get", { url: `${siteUrl}/api` });
    expect(json).toMatchObject({ status: 200, content_type: "application/json", truncated: false });
    expect(JSON.parse(json.body as string)).toMatchObject({ release: "1.4.0" });
    const long = await run("00000000-0000-4000-8000-000000000000", "http_get", { url: `${siteUrl}/long`, max_chars: 100 });
    expect(long).toMatchObject({ truncated: true, body: "x".repeat(100) });
    const image = await run("00000000-0000-4000-8000-000000000000", "http_get", { url: `${siteUrl}/image` });
    expect(image).toMatchObject({ content_type: "image/png", body: null });

    const undo = withEnv({ OUTBOUND_ALLOW_PRIVATE: undefined });
    try {
      const refused = await run("00000000-0000-4000-8000-000000000000", "http_get", { url: `${siteUrl}/api` });
      expect(refused.error).toMatch(/Refused to connect to 127\.0\.0\.1.*loopback/);
      const metadata = await run("00000000-0000-4000-8000-000000000000", "http_get", { url: "http://169.254.169.254/latest/meta-data/" });
      expect(metadata.error).toMatch(/link-local/);
    } finally {
      undo();
    }
  });

  it("search_my_data searches only the caller's own (and shared) schedule items", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    await createItem(api.http, ana, { title: "Release planning", description: "Agree the 1.4 scope", start_at: "2026-05-04T09:00:00Z" });
    await createItem(api.http, ana, { title: "Dentist", description: "Bring the RELEASE form", start_at: "2026-05-05T09:00:00Z" });
    await createItem(api.http, ben, { title: "Ben's release party", start_at: "2026-05-06T18:00:00Z" });

    const found = await run(ana.id, "search_my_data", { query: "release" });
    expect(found.count).toBe(2);
    expect((found.matches as { title: string }[]).map((m) => m.title).sort()).toEqual(["Dentist", "Release planning"]);
    const bens = await run(ben.id, "search_my_data", { query: "release" });
    expect((bens.matches as { title: string }[]).map((m) => m.title)).toEqual(["Ben's release party"]);

    const helper = expectOk(await call(api.http, "POST", "/agents", { token: ana.token, json: { name: "Finder", include_tools: ["search_my_data"] } }), 201, agent);
    const reply = expectOk(await call(api.http, "POST", `/agent-chat/${helper.id}`, { token: ana.token, json: { message: 'call tool search_my_data with {"query": "planning"}' } }), 200, chatReply);
    expect(reply.tool_calls[0].result).toMatchObject({ count: 1, matches: [{ title: "Release planning" }] });
    expect(reply.content).toContain("Release planning");
  });
});
