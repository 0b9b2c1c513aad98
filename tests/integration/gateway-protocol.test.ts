import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { BUILTIN_MODEL_ID } from "@/server/llm";
import { setupGatewayStubs } from "../support/gateway-stubs";
import { gatewayUser } from "../support/gateway-client";
import { setupApi } from "../support/harness";
import { STUB_MODEL } from "../support/stub-provider";

/** The official `openai` package, unmodified, against the running app's /v1 and a local provider. */
const api = setupApi();
const stubs = setupGatewayStubs(1);

const weatherTool = {
  type: "function" as const,
  function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};

describe("the /v1 gateway with the openai package", () => {
  it("lists the caller's models and the built-in one; another key's models are not listed", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const ben = await gatewayUser(api.http, api.db, "ben");
    const ids = (await ana.client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([STUB_MODEL, BUILTIN_MODEL_ID]));
    expect((await ben.client.models.list()).data.map((m) => m.id)).toEqual([BUILTIN_MODEL_ID]);
    await expect(ben.client.chat.completions.create({ model: STUB_MODEL, messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 404,
      code: "model_not_found",
    });
  });

  it("answers a chat completion with the provider's text and usage, and meters it in the ledger", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const completion = await ana.client.chat.completions.create({ model: STUB_MODEL, messages: [{ role: "system", content: "Be brief" }, { role: "user", content: "What is Atrium?" }] });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0].message).toMatchObject({ role: "assistant", content: "Hello from the stub model. You said: What is Atrium?" });
    expect(completion.choices[0].finish_reason).toBe("stop");
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    // The ledger is written in batches, within moments of the answer.
    await expect
      .poll(() => api.db.modelCall.findMany({ where: { userId: ana.id } }))
      .toEqual([expect.objectContaining({ purpose: "gateway", model: STUB_MODEL, status: "ok", outputTokens: completion.usage!.completion_tokens })]);
  });

  it("streams: the first delta has the role, the text arrives in pieces, usage comes last when asked, then [DONE]", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const stream = await ana.client.chat.completions.create({ model: STUB_MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "tell me a story" }] });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Hello from the stub model. You said: tell me a story");
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(3);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe("stop");
  });

  it("the raw stream ends with data: [DONE] and is decided by the body, not by Accept", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    const response = await fetch(`${api.http.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${ana.apiKey}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ model: BUILTIN_MODEL_ID, stream: true, messages: [{ role: "user", content: "hello" }] }),
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const body = await response.text();
    expect(body.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });

  it("passes tools and returns tool calls, plain and streamed (start with id and name, then argument pieces at the same index)", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const messages = [{ role: "user" as const, content: 'call tool get_weather with {"city":"Paris"}' }];
    const plain = await ana.client.chat.completions.create({ model: STUB_MODEL, messages, tools: [weatherTool] });
    expect(plain.choices[0].finish_reason).toBe("tool_calls");
    const [toolCall] = plain.choices[0].message.tool_calls!;
    expect(toolCall).toMatchObject({ type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } });

    const stream = await ana.client.chat.completions.create({ model: STUB_MODEL, messages, tools: [weatherTool], stream: true });
    const deltas = [];
    for await (const chunk of stream) deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
    expect(deltas[0]).toMatchObject({ index: 0, id: expect.any(String), type: "function", function: { name: "get_weather", arguments: "" } });
    expect(deltas.slice(1).every((d) => d.index === 0 && d.id === undefined)).toBe(true);
    expect(deltas.map((d) => d.function?.arguments ?? "").join("")).toBe('{"city":"Paris"}');

    // The tool's result goes back and the model answers from it.
    const followUp = await ana.client.chat.completions.create({
      model: STUB_MODEL,
      tools: [weatherTool],
      messages: [...messages, plain.choices[0].message, { role: "tool", tool_call_id: toolCall.id, content: "sunny, 21°C" }],
    });
    expect(followUp.choices[0].message.content).toBe("Stub saw get_weather result: sunny, 21°C");
  });

  it("sends response_format to the provider as the caller asked (json_object, json_schema with its schema)", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const before = stubs[0].inner.requests.length;
    await ana.client.chat.completions.create({ model: STUB_MODEL, messages: [{ role: "user", content: "json please" }], response_format: { type: "json_object" } });
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
    await ana.client.chat.completions.create({
      model: STUB_MODEL,
      messages: [{ role: "user", content: "json please" }],
      response_format: { type: "json_schema", json_schema: { name: "reply", schema, strict: true } },
    });
    const sent = stubs[0].inner.requests.slice(before).map((r) => r.body?.response_format);
    expect(sent[0]).toEqual({ type: "json_object" });
    expect(sent[1]).toMatchObject({ type: "json_schema", json_schema: { name: "reply", schema, strict: true } });
  });

  it("applies the config's temperature and max_tokens when the request leaves them out", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Tuned", base_url: stubs[0].baseUrl, model_name: "tuned-model", temperature: 0.2, max_tokens: 77 });
    await ana.client.chat.completions.create({ model: "tuned-model", messages: [{ role: "user", content: "a" }] });
    expect(stubs[0].inner.requests.at(-1)!.body).toMatchObject({ temperature: 0.2, max_tokens: 77 });
    await ana.client.chat.completions.create({ model: "tuned-model", messages: [{ role: "user", content: "b" }], temperature: 1, max_tokens: 5 });
    expect(stubs[0].inner.requests.at(-1)!.body).toMatchObject({ temperature: 1, max_tokens: 5 });
  });

  it("answers the Responses API plainly and as its event stream", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const response = await ana.client.responses.create({ model: STUB_MODEL, instructions: "Be concise.", input: [{ role: "user", content: "Write a sorting function" }] });
    expect(response.output[0]).toMatchObject({ type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello from the stub model. You said: Write a sorting function", annotations: [] }] });
    expect(response.output_text).toBe("Hello from the stub model. You said: Write a sorting function");
    expect(response.usage!.total_tokens).toBeGreaterThan(0);
    expect(stubs[0].inner.requests.at(-1)!.body!.messages).toEqual([
      { role: "system", content: "Be concise." },
      { role: "user", content: "Write a sorting function" },
    ]);

    const stream = await ana.client.responses.create({ model: STUB_MODEL, input: "stream it", stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    const kinds = [...new Set(events.map((e) => e.type))];
    expect(kinds).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events.flatMap((e) => (e.type === "response.output_text.delta" ? [e.delta] : []));
    expect(deltas.join("")).toBe("Hello from the stub model. You said: stream it");
  });

  it("maps function tools of the Responses API to function_call output items", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const tools = [{ type: "function" as const, name: "get_weather", parameters: weatherTool.function.parameters, strict: false }];
    const first = await ana.client.responses.create({ model: STUB_MODEL, input: 'call tool get_weather with {"city":"Oslo"}', tools });
    const call = first.output.find((o) => o.type === "function_call")!;
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", arguments: '{"city":"Oslo"}', call_id: expect.any(String) });
    const second = await ana.client.responses.create({
      model: STUB_MODEL,
      tools,
      input: [{ role: "user", content: 'call tool get_weather with {"city":"Oslo"}' }, call as OpenAI.Responses.ResponseFunctionToolCall, { type: "function_call_output", call_id: (call as { call_id: string }).call_id, output: "snow" }],
    });
    expect(second.output_text).toBe("Stub saw get_weather result: snow");
  });

  it("streams a function call of the Responses API as an output item with argument deltas", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const tools = [{ type: "function" as const, name: "get_weather", parameters: weatherTool.function.parameters, strict: false }];
    const stream = await ana.client.responses.create({ model: STUB_MODEL, input: 'call tool get_weather with {"city":"Rome"}', tools, stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1])).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const done = events.find((e) => e.type === "response.output_item.done");
    expect(done).toMatchObject({ item: { type: "function_call", name: "get_weather", arguments: '{"city":"Rome"}', status: "completed" } });
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(completed.response.output).toEqual([expect.objectContaining({ type: "function_call", arguments: '{"city":"Rome"}' })]);
  });

  it("serves embeddings from an OpenAI-compatible provider (float and the SDK's default base64); the built-in model has none", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Embedder", base_url: stubs[0].baseUrl, model_name: "stub-embed" });
    const result = await ana.client.embeddings.create({ model: "stub-embed", input: ["abc", "hello"] });
    expect(result.data.map((d) => d.embedding)).toEqual([
      [3, 0.5, -0.25],
      [5, 0.5, -0.25],
    ]);
    const floats = await ana.client.embeddings.create({ model: "stub-embed", input: "abcd", encoding_format: "float" });
    expect(floats.data[0].embedding).toEqual([4, 0.5, -0.25]);
    expect(result.usage.prompt_tokens).toBe(4);
    await expect(ana.client.embeddings.create({ model: BUILTIN_MODEL_ID, input: "x" })).rejects.toMatchObject({ status: 400, code: "model_not_supported" });
  });

  it("a client that goes away mid-stream cancels the provider call, and the ledger says aborted", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    await ana.addConfig({ name: "Stub", base_url: stubs[0].baseUrl, model_name: STUB_MODEL });
    const closedBefore = stubs[0].inner.closedEarly;
    const controller = new AbortController();
    const stream = await ana.client.chat.completions.create({ model: STUB_MODEL, stream: true, messages: [{ role: "user", content: "[stub:slow] go on" }] }, { signal: controller.signal });
    let pieces = 0;
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content && ++pieces === 2) controller.abort();
      }
    } catch {
      // the SDK may end the loop or throw when its signal aborts
    }
    expect(pieces).toBe(2);
    await stubs[0].inner.waitForClosedEarly(closedBefore + 1);
    await expect.poll(async () => (await api.db.modelCall.findMany({ where: { userId: ana.id } })).map((r) => r.status)).toEqual(["aborted"]);
  });

  it("refuses a wrong key with 401 in OpenAI's error shape", async () => {
    const bad = new OpenAI({ apiKey: "atr_not-a-real-key", baseURL: `${api.http.url}/v1`, maxRetries: 0 });
    await expect(bad.models.list()).rejects.toMatchObject({ status: 401, type: "authentication_error", code: "invalid_api_key" });
    const raw = await fetch(`${api.http.url}/v1/models`, { headers: { authorization: "Bearer atr_nope" } });
    expect(await raw.json()).toEqual({ error: { message: expect.any(String), type: "authentication_error", param: null, code: "invalid_api_key" } });
  });

  it("refuses what it cannot do with a 4xx naming the field (n > 1, empty messages, unknown tool_choice)", async () => {
    const ana = await gatewayUser(api.http, api.db, "ana");
    const base = { model: BUILTIN_MODEL_ID, messages: [{ role: "user" as const, content: "hi" }] };
    await expect(ana.client.chat.completions.create({ ...base, n: 2 })).rejects.toMatchObject({ status: 422, param: "n" });
    await expect(ana.client.chat.completions.create({ ...base, messages: [] })).rejects.toMatchObject({ status: 422, param: "messages" });
    await expect(ana.client.chat.completions.create({ ...base, tools: [weatherTool], tool_choice: { type: "function", function: { name: "nope" } } })).rejects.toMatchObject({
      status: 400,
      param: "tool_choice",
    });
  });
});
