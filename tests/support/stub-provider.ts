import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible model server for tests of the real provider path (the production code
 * talks to it exactly as it would to DeepSeek, Groq or vLLM). It implements `GET /v1/models` and
 * `POST /v1/chat/completions`, plain and streamed (SSE), including tool calls.
 *
 * What it answers depends on the last user message:
 * - `call tool <name> with {json}`: a tool call (once; after the tool result it answers
 *   `Stub saw <name> result: <content>`);
 * - `[stub:loop]` together with a tool instruction: the same tool call on every step, forever;
 * - `[stub:slow]`: a long answer streamed one word every 100 ms (for cancellation tests);
 * - `[stub:error]`: HTTP 500 with an OpenAI-style error body;
 * - anything else: `Hello from the stub model. You said: <message>`.
 * With `apiKey` set, a request without `Authorization: Bearer <apiKey>` gets a 401.
 */
export interface StubProvider {
  /** e.g. http://127.0.0.1:41234/v1, the base URL a model config points at. */
  baseUrl: string;
  port: number;
  /** `at`: performance.now() when the request's body had arrived (benchmarks compare it with their own clock). */
  requests: { path: string; body: Record<string, unknown> | null; authorization: string | null; at: number }[];
  /** Streams whose client went away before the stub finished writing. */
  closedEarly: number;
  /** Resolves once `closedEarly` reaches `count`. */
  waitForClosedEarly(count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface ChatMessage {
  role: string;
  content?: string | { type: string; text?: string }[] | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  name?: string;
  tool_call_id?: string;
}

export const STUB_MODEL = "stub-model";

export async function startStubProvider(options: { apiKey?: string } = {}): Promise<StubProvider> {
  let callCounter = 0;
  const stub = {
    requests: [] as StubProvider["requests"],
    closedEarly: 0,
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const path = new URL(req.url ?? "/", "http://stub").pathname;
    stub.requests.push({ path, body, authorization: req.headers.authorization ?? null, at: performance.now() });

    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
    }
    if (req.method === "GET" && path === "/v1/models") {
      return json(res, 200, { object: "list", data: [{ id: STUB_MODEL, object: "model", created: 0, owned_by: "stub" }] });
    }
    if (req.method === "POST" && path === "/v1/chat/completions" && body) {
      return complete(req, res, body);
    }
    json(res, 404, { error: { message: `No route ${req.method} ${path}`, type: "invalid_request_error" } });
  });

  function complete(_req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) {
    const messages = (body.messages ?? []) as ChatMessage[];
    const tools = ((body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name);
    const model = String(body.model ?? STUB_MODEL);
    const userText = lastUserText(messages);
    const last = messages[messages.length - 1];
    const promptTokens = messages.reduce((n, m) => n + words(contentText(m.content)) + (m.tool_calls ? words(JSON.stringify(m.tool_calls)) : 0), 0);

    if (userText.includes("[stub:error]")) {
      return json(res, 500, { error: { message: "The stub model exploded on purpose", type: "server_error" } });
    }

    const instruction = /call tool ([\w-]+) with (\{.*\})/.exec(userText);
    const loop = userText.includes("[stub:loop]");
    let answer: { text: string } | { tool: string; args: string };
    if (instruction && tools.includes(instruction[1]) && (loop || last?.role !== "tool")) {
      answer = { tool: instruction[1], args: instruction[2] };
    } else if (last?.role === "tool") {
      const call = messages.flatMap((m) => m.tool_calls ?? []).find((c) => c.id === last.tool_call_id);
      answer = { text: `Stub saw ${call?.function.name ?? "tool"} result: ${contentText(last.content)}` };
    } else if (userText.includes("[stub:slow]")) {
      answer = { text: Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ") };
    } else {
      answer = { text: `Hello from the stub model. You said: ${userText}` };
    }

    const id = `chatcmpl-stub-${++callCounter}`;
    const created = Math.floor(Date.now() / 1000);
    const completionTokens = "text" in answer ? words(answer.text) : words(answer.args) + 1;
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const toolCall = "tool" in answer ? { id: `call_stub_${callCounter}`, type: "function", function: { name: answer.tool, arguments: answer.args } } : null;
    const finishReason = toolCall ? "tool_calls" : "stop";

    if (!body.stream) {
      return json(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: "text" in answer ? answer.text : null, ...(toolCall ? { tool_calls: [toolCall] } : {}) },
            finish_reason: finishReason,
          },
        ],
        usage,
      });
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    let finished = false;
    res.on("close", () => {
      if (!finished) stub.closedEarly++;
    });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const events: unknown[] = [chunk({ role: "assistant", content: "" })];
    if (toolCall) {
      events.push(chunk({ tool_calls: [{ index: 0, id: toolCall.id, type: "function", function: { name: toolCall.function.name, arguments: "" } }] }));
      const args = toolCall.function.arguments;
      const half = Math.ceil(args.length / 2);
      for (const piece of [args.slice(0, half), args.slice(half)]) events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    } else {
      for (const piece of ("text" in answer ? answer.text : "").match(/\S+\s*/g) ?? []) events.push(chunk({ content: piece }));
    }
    events.push(chunk({}, finishReason));
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) events.push({ id, object: "chat.completion.chunk", created, model, choices: [], usage });

    const delay = userText.includes("[stub:slow]") ? 100 : 0;
    let index = 0;
    const next = () => {
      if (res.destroyed) return;
      if (index < events.length) {
        res.write(`data: ${JSON.stringify(events[index++])}\n\n`);
        if (delay) setTimeout(next, delay);
        else setImmediate(next);
        return;
      }
      finished = true;
      res.end("data: [DONE]\n\n");
    };
    next();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    get requests() {
      return stub.requests;
    },
    get closedEarly() {
      return stub.closedEarly;
    },
    async waitForClosedEarly(count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (stub.closedEarly < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} stream(s) closed early, saw ${stub.closedEarly}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function contentText(content: ChatMessage["content"]): string {
  if (!content) return "";
  if (typeof content === "string") return content;
  return content.map((p) => p.text ?? "").join(" ");
}

function lastUserText(messages: ChatMessage[]) {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === "user") return contentText(messages[i].content);
  return "";
}

function words(text: string) {
  return text.split(/\s+/).filter(Boolean).length;
}

/** A port on 127.0.0.1 with nothing listening (for "unreachable provider" tests). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
