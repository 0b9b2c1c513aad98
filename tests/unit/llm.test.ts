import { generateText, stepCountIs, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { resetEnvCache } from "@/server/env";
import { BuiltinModel, BUILTIN_MODEL_ID, costMicros, describeModelError, findPrice, resolveModel, withMetering, type MeteredCall } from "@/server/llm";
import { parseToolInstruction, wordDeltas } from "@/server/llm/builtin-model";
import { deadPort, startStubProvider, STUB_MODEL, type StubProvider } from "../support/stub-provider";

const calculator = tool({
  description: "Adds two numbers",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => ({ sum: a + b }),
});

async function collect(result: { fullStream: AsyncIterable<{ type: string; text?: string }> }) {
  const deltas: string[] = [];
  const kinds: string[] = [];
  for await (const part of result.fullStream) {
    kinds.push(part.type);
    if (part.type === "text-delta") deltas.push(part.text ?? "");
  }
  return { deltas, kinds, text: deltas.join("") };
}

describe("built-in offline model", () => {
  it("is labelled and identifies itself", () => {
    const model = new BuiltinModel();
    expect(model).toMatchObject({ specificationVersion: "v4", provider: "builtin", modelId: BUILTIN_MODEL_ID });
  });

  it("echoes deterministically, streaming word by word, and counts tokens as words", async () => {
    const run = () => streamText({ model: new BuiltinModel({ wordDelayMs: 0 }), instructions: "Be brief", prompt: "hello there my friend" });
    const first = await collect(run());
    const again = await collect(run());
    expect(first.text).toBe("You said: hello there my friend");
    expect(first.deltas).toEqual(["You ", "said: ", "hello ", "there ", "my ", "friend"]);
    expect(again.text).toBe(first.text);
    const usage = await run().totalUsage;
    expect(usage).toMatchObject({ inputTokens: 6, outputTokens: 6 });
  });

  it("calls a tool it is told to call, then summarises the result", async () => {
    const result = streamText({
      model: new BuiltinModel({ wordDelayMs: 0 }),
      prompt: 'Please call tool calculator with {"a": 2, "b": 40} now',
      tools: { calculator },
      stopWhen: stepCountIs(5),
    });
    const { text, kinds } = await collect(result);
    expect(kinds).toContain("tool-call");
    expect(kinds).toContain("tool-result");
    expect(text).toBe('Tool calculator returned: {"sum":42}');
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0].toolCalls[0]).toMatchObject({ toolName: "calculator", input: { a: 2, b: 40 } });
  });

  it("accepts the /tool form and refuses tools it was not offered", async () => {
    const slash = await generateText({ model: new BuiltinModel(), prompt: '/tool calculator {"a":1,"b":1}', tools: { calculator }, stopWhen: stepCountIs(3) });
    expect(slash.text).toBe('Tool calculator returned: {"sum":2}');
    const missing = await generateText({ model: new BuiltinModel(), prompt: "call tool weather with {}", tools: { calculator } });
    expect(missing.text).toBe("I cannot call tool weather: it is not offered. Tools available: calculator.");
    expect(missing.toolCalls).toHaveLength(0);
  });

  it("reports a failing tool", async () => {
    const broken = tool({ description: "fails", inputSchema: z.object({}), execute: async (): Promise<{ ok: boolean }> => {
      throw new Error("disk on fire");
    } });
    const result = await generateText({ model: new BuiltinModel(), prompt: "call tool broken with {}", tools: { broken }, stopWhen: stepCountIs(3) });
    expect(result.text).toMatch(/^Tool broken failed: (Error: )?disk on fire$/);
  });

  it("parses tool instructions with nested JSON and braces inside strings", () => {
    expect(parseToolInstruction('call tool json_extract with {"json": {"a": {"b": "}"}}, "path": "a.b"} thanks')).toEqual({
      toolName: "json_extract",
      input: '{"json":{"a":{"b":"}"}},"path":"a.b"}',
    });
    expect(parseToolInstruction("call the tool current_time")).toEqual({ toolName: "current_time", input: "{}" });
    expect(parseToolInstruction("call tool calculator with {not json}")).toEqual({ toolName: "calculator", input: null });
    expect(parseToolInstruction("nothing to do here")).toBeNull();
    expect(wordDeltas("a  b\nc").join("")).toBe("a  b\nc");
  });

  it("stops at maxOutputTokens and says so", async () => {
    const result = await generateText({ model: new BuiltinModel(), prompt: "one two three four five", maxOutputTokens: 3 });
    expect(result.text).toBe("You said: one");
    expect(result.finishReason).toBe("length");
  });

  it("stops streaming when aborted", async () => {
    const controller = new AbortController();
    const result = streamText({ model: new BuiltinModel({ wordDelayMs: 20 }), prompt: Array.from({ length: 50 }, (_, i) => `w${i}`).join(" "), abortSignal: controller.signal, onError: () => {} });
    let deltas = 0;
    const kinds: string[] = [];
    for await (const part of result.fullStream) {
      kinds.push(part.type);
      if (part.type === "text-delta" && ++deltas === 3) controller.abort();
    }
    expect(kinds).toContain("abort");
    expect(deltas).toBeLessThan(10);
  });
});

describe("prices", () => {
  it("prefers the user's price, then the exact provider, then any provider, else none", () => {
    const own = [{ provider: "openai-compatible", model: "gpt-4o-mini", inputMicrosPerMtok: 1, outputMicrosPerMtok: 2 }];
    expect(findPrice("openai-compatible", "gpt-4o-mini", own)).toMatchObject({ inputMicrosPerMtok: 1, source: "user" });
    expect(findPrice("openai", "gpt-4o-mini", own)).toMatchObject({ inputMicrosPerMtok: 150_000, source: "default" });
    expect(findPrice("builtin", BUILTIN_MODEL_ID, [])).toMatchObject({ inputMicrosPerMtok: 0, outputMicrosPerMtok: 0 });
    expect(findPrice("ollama", "my-local-model", [])).toBeNull();
  });

  it("computes cost in whole micro-dollars", () => {
    expect(costMicros({ inputMicrosPerMtok: 150_000, outputMicrosPerMtok: 600_000 }, 1000, 500)).toBe(450);
    expect(costMicros({ inputMicrosPerMtok: 1_000_000, outputMicrosPerMtok: 2_000_000 }, 7, 3)).toBe(13);
    expect(costMicros(null, 1000, 1000)).toBe(0);
  });
});

describe("metering middleware", () => {
  it("records one row per model call of an agent loop, with tokens and latency", async () => {
    const calls: MeteredCall[] = [];
    const model = withMetering(new BuiltinModel({ wordDelayMs: 0 }), { provider: "builtin", model: BUILTIN_MODEL_ID }, async (c) => void calls.push(c));
    const result = streamText({ model, prompt: 'call tool calculator with {"a":1,"b":2}', tools: { calculator }, stopWhen: stepCountIs(5) });
    await collect(result);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.status === "ok" && c.provider === "builtin" && c.latencyMs >= 0)).toBe(true);
    expect(calls[0].inputTokens).toBeGreaterThan(0);
    expect(calls[1].outputTokens).toBe(4);
    const generated = await generateText({ model, prompt: "hi" });
    expect(generated.text).toBe("You said: hi");
    expect(calls).toHaveLength(3);
  });

  it("records an aborted stream as aborted", async () => {
    const calls: MeteredCall[] = [];
    const model = withMetering(new BuiltinModel({ wordDelayMs: 20 }), { provider: "builtin", model: BUILTIN_MODEL_ID }, async (c) => void calls.push(c));
    const controller = new AbortController();
    const result = streamText({ model, prompt: Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "), abortSignal: controller.signal, onError: () => {} });
    let deltas = 0;
    for await (const part of result.fullStream) if (part.type === "text-delta" && ++deltas === 2) controller.abort();
    expect(calls).toEqual([expect.objectContaining({ status: "aborted" })]);
  });
});

describe("provider path against a local OpenAI-compatible stub", () => {
  let stub: StubProvider;
  const previous = process.env.OUTBOUND_ALLOW_PRIVATE;
  beforeAll(async () => {
    process.env.OUTBOUND_ALLOW_PRIVATE = "1";
    resetEnvCache();
    stub = await startStubProvider({ apiKey: "sk-stub" });
  });
  afterAll(async () => {
    await stub.close();
    if (previous === undefined) delete process.env.OUTBOUND_ALLOW_PRIVATE;
    else process.env.OUTBOUND_ALLOW_PRIVATE = previous;
    resetEnvCache();
  });

  it("streams text and reports the provider's usage", async () => {
    const model = resolveModel({ provider: "openai-compatible", modelName: STUB_MODEL, baseUrl: stub.baseUrl, apiKey: "sk-stub" });
    const result = streamText({ model, prompt: "hi stub" });
    const { deltas, text } = await collect(result);
    expect(text).toBe("Hello from the stub model. You said: hi stub");
    expect(deltas.length).toBeGreaterThan(3);
    expect(await result.totalUsage).toMatchObject({ inputTokens: 2, outputTokens: 9 });
    expect(stub.requests.at(-1)).toMatchObject({ path: "/v1/chat/completions", authorization: "Bearer sk-stub", body: { model: STUB_MODEL, stream: true } });
  });

  it("runs a tool call through the stream and answers with its result", async () => {
    const model = resolveModel({ provider: "openai-compatible", modelName: STUB_MODEL, baseUrl: stub.baseUrl, apiKey: "sk-stub" });
    const result = streamText({ model, prompt: 'call tool calculator with {"a":20,"b":22}', tools: { calculator }, stopWhen: stepCountIs(4) });
    const { text, kinds } = await collect(result);
    expect(kinds.filter((k) => k === "tool-result")).toHaveLength(1);
    expect(text).toBe('Stub saw calculator result: {"sum":42}');
  });

  it("answers plain (non-streamed) completions too", async () => {
    const model = resolveModel({ provider: "openai-compatible", modelName: STUB_MODEL, baseUrl: stub.baseUrl, apiKey: "sk-stub" });
    const result = await generateText({ model, prompt: "plain" });
    expect(result.text).toBe("Hello from the stub model. You said: plain");
    expect(stub.requests.at(-1)?.body?.stream).toBeFalsy();
  });

  it("turns provider errors into sentences a person can act on", async () => {
    const wrongKey = resolveModel({ provider: "openai-compatible", modelName: STUB_MODEL, baseUrl: stub.baseUrl, apiKey: "nope" });
    const error = await generateText({ model: wrongKey, prompt: "hi", maxRetries: 0 }).catch((e: unknown) => e);
    expect(describeModelError(error)).toEqual({ message: "The model provider answered 401: Incorrect API key provided", known: true });
    const dead = resolveModel({ provider: "openai-compatible", modelName: STUB_MODEL, baseUrl: `http://127.0.0.1:${await deadPort()}/v1` });
    const unreachable = await generateText({ model: dead, prompt: "hi", maxRetries: 0 }).catch((e: unknown) => e);
    expect(describeModelError(unreachable).message).toMatch(/ECONNREFUSED/);
  });

  it("refuses private addresses when OUTBOUND_ALLOW_PRIVATE is off", async () => {
    process.env.OUTBOUND_ALLOW_PRIVATE = "0";
    resetEnvCache();
    try {
      const model = resolveModel({ provider: "openai-compatible", modelName: STUB_MODEL, baseUrl: stub.baseUrl, apiKey: "sk-stub" });
      const before = stub.requests.length;
      const error = await generateText({ model, prompt: "hi", maxRetries: 0 }).catch((e: unknown) => e);
      expect(describeModelError(error).message).toMatch(/Refused to connect to 127\.0\.0\.1: .*loopback/);
      expect(stub.requests.length).toBe(before);
    } finally {
      process.env.OUTBOUND_ALLOW_PRIVATE = "1";
      resetEnvCache();
    }
  });

  it("builds OpenAI and Anthropic models with the guarded fetch, and needs a base URL for OpenAI-compatible", () => {
    expect(resolveModel({ provider: "openai", modelName: "gpt-4o-mini", apiKey: "k" }).provider).toMatch(/^openai/);
    expect(resolveModel({ provider: "anthropic", modelName: "claude-sonnet-4-5", apiKey: "k" }).provider).toMatch(/^anthropic/);
    expect(resolveModel(null).modelId).toBe(BUILTIN_MODEL_ID);
    expect(() => resolveModel({ provider: "openai-compatible", modelName: "m" })).toThrow(/needs a base_url/);
  });
});
