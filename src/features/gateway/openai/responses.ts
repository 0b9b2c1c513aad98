import "server-only";
import type { JsonReply } from "@/server/http/json-reply";
import { randomBytes } from "node:crypto";
import type { RouteContext } from "@/server/http/route-table";
import { describeModelError } from "@/server/llm";
import type { ChatCompletionRequest, ResponsesRequest } from "../schemas";
import { neutralEvents, outcomeOf, sseStream, SSE_HEADERS, type Outcome, type StreamEvent, type Tokens } from "../service/outcome";
import { optional, toPrompt, toResponseFormat, toToolChoice, toTools } from "../service/prompt";
import { configDefaults } from "../service/routing";
import { jsonResponse, openCall, routeHeaders } from "./request";

/**
 * POST /v1/responses (seed 001's "Responses API adapter"): `input` items and `instructions` become
 * chat messages, the answer becomes `output` items (message with output_text, function_call), and a
 * stream is the Responses event sequence, each frame with `event:` and a `sequence_number`.
 */
export async function createResponse(ctx: RouteContext<"user">, body: ResponsesRequest): Promise<Response | JsonReply> {
  const tools = body.tools?.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters, strict: t.strict }));
  const choice = body.tool_choice && typeof body.tool_choice === "object" ? { name: body.tool_choice.name } : body.tool_choice;
  const options = {
    prompt: toPrompt(toMessages(body)),
    ...optional("maxOutputTokens", body.max_output_tokens),
    ...optional("temperature", body.temperature),
    ...optional("topP", body.top_p),
    ...optional("tools", toTools(tools)),
    ...optional("toolChoice", toToolChoice(choice, tools, "tool_choice")),
    ...optional("responseFormat", toResponseFormat(body.text?.format)),
  };
  const call = await openCall(ctx, body.model);
  const shell = responseShell(body);

  if (!body.stream) {
    const { target, value, attempts } = await call.run((t, model) => model.doGenerate({ ...configDefaults(t), ...options, abortSignal: call.signal }));
    const outcome = outcomeOf(value);
    call.charge(outcome.usage.input + outcome.usage.output);
    return jsonResponse(finished(shell, outputItems(outcome), outcome.finish, outcome.usage), routeHeaders(call, target, attempts));
  }
  const { target, value, attempts } = await call.run((t, model) => model.doStream({ ...configDefaults(t), ...options, abortSignal: call.signal }));
  const frames = responseFrames(shell, neutralEvents(value.stream), call);
  return new Response(sseStream(frames, call.abort), { headers: { ...SSE_HEADERS, ...routeHeaders(call, target, attempts) } });
}

type ChatMessage = ChatCompletionRequest["messages"][number];

/** Input items → chat messages (consecutive function calls become one assistant turn). */
function toMessages(body: ResponsesRequest): ChatMessage[] {
  const messages: ChatMessage[] = body.instructions ? [{ role: "system", content: body.instructions }] : [];
  if (typeof body.input === "string") return [...messages, { role: "user", content: body.input }];
  for (const item of body.input) {
    if (item.type === "function_call") {
      const last = messages.at(-1);
      const callEntry = { id: item.call_id, type: "function" as const, function: { name: item.name, arguments: item.arguments } };
      if (last?.role === "assistant" && last.tool_calls) last.tool_calls.push(callEntry);
      else messages.push({ role: "assistant", content: null, tool_calls: [callEntry] });
    } else if (item.type === "function_call_output") {
      messages.push({ role: "tool", tool_call_id: item.call_id, content: typeof item.output === "string" ? item.output : JSON.stringify(item.output) });
    } else {
      const parts = typeof item.content === "string" ? [{ type: "text" as const, text: item.content }] : item.content.map((p) => ("text" in p ? { type: "text" as const, text: String(p.text) } : { type: "image_url" as const, image_url: { url: String(p.image_url) } }));
      if (item.role === "user") messages.push({ role: "user", content: parts });
      else {
        const text = parts.map((p) => ("text" in p ? p.text : "")).join("");
        messages.push(item.role === "assistant" ? { role: "assistant", content: text } : { role: item.role, content: text });
      }
    }
  }
  return messages;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(16).toString("hex")}`;

function responseShell(body: ResponsesRequest) {
  return {
    id: newId("resp"),
    object: "response" as const,
    created_at: Math.floor(Date.now() / 1000),
    status: "in_progress" as "in_progress" | "completed" | "incomplete" | "failed",
    error: null as null | { code: string; message: string },
    incomplete_details: null as null | { reason: string },
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output: [] as Record<string, unknown>[],
    parallel_tool_calls: true,
    previous_response_id: null,
    store: false,
    temperature: body.temperature ?? null,
    text: { format: body.text?.format ?? { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? null,
    metadata: {},
    usage: null as null | Record<string, unknown>,
  };
}
type Shell = ReturnType<typeof responseShell>;

function finished(shell: Shell, output: Record<string, unknown>[], finish: Outcome["finish"], usage: Tokens): Shell {
  return {
    ...shell,
    status: finish === "length" ? "incomplete" : "completed",
    incomplete_details: finish === "length" ? { reason: "max_output_tokens" } : null,
    output,
    usage: {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input + usage.output,
    },
  };
}

const messageItem = (id: string, text: string, status: "in_progress" | "completed") => ({
  id,
  type: "message",
  status,
  role: "assistant",
  content: status === "completed" ? [textPart(text)] : [],
});
const textPart = (text: string) => ({ type: "output_text", text, annotations: [] as unknown[] });
const callItem = (id: string, c: { id: string; name: string; arguments: string }, status: "in_progress" | "completed") => ({
  id,
  type: "function_call",
  status,
  call_id: c.id,
  name: c.name,
  arguments: c.arguments,
});

function outputItems(o: Outcome): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (o.text || !o.toolCalls.length) items.push(messageItem(newId("msg"), o.text, "completed"));
  for (const c of o.toolCalls) items.push(callItem(newId("fc"), c, "completed"));
  return items;
}

async function* responseFrames(shell: Shell, events: AsyncGenerator<StreamEvent>, call: { signal: AbortSignal; charge(tokens: number): void }) {
  let sequence = 0;
  const emit = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data, sequence_number: sequence++ })}\n\n`;
  const output: Record<string, unknown>[] = [];
  let message: { id: string; index: number; text: string } | null = null;
  const calls = new Map<number, { id: string; index: number; call: { id: string; name: string; arguments: string } }>();

  function* openMessage() {
    message = { id: newId("msg"), index: output.length, text: "" };
    output.push(messageItem(message.id, "", "in_progress"));
    yield emit("response.output_item.added", { output_index: message.index, item: messageItem(message.id, "", "in_progress") });
    yield emit("response.content_part.added", { item_id: message.id, output_index: message.index, content_index: 0, part: textPart("") });
  }
  function* closeMessage() {
    if (!message) return;
    const m: { id: string; index: number; text: string } = message;
    message = null;
    const done = messageItem(m.id, m.text, "completed");
    output[m.index] = done;
    yield emit("response.output_text.done", { item_id: m.id, output_index: m.index, content_index: 0, text: m.text, logprobs: [] });
    yield emit("response.content_part.done", { item_id: m.id, output_index: m.index, content_index: 0, part: textPart(m.text) });
    yield emit("response.output_item.done", { output_index: m.index, item: done });
  }

  yield emit("response.created", { response: shell });
  yield emit("response.in_progress", { response: shell });
  try {
    for await (const e of events) {
      switch (e.type) {
        case "text": {
          if (!message) yield* openMessage();
          const m = message!;
          m.text += e.delta;
          yield emit("response.output_text.delta", { item_id: m.id, output_index: m.index, content_index: 0, delta: e.delta, logprobs: [] });
          break;
        }
        case "tool-start": {
          yield* closeMessage();
          const entry = { id: newId("fc"), index: output.length, call: { id: e.id, name: e.name, arguments: "" } };
          calls.set(e.index, entry);
          output.push(callItem(entry.id, entry.call, "in_progress"));
          yield emit("response.output_item.added", { output_index: entry.index, item: callItem(entry.id, entry.call, "in_progress") });
          break;
        }
        case "tool-args": {
          const entry = calls.get(e.index);
          if (!entry) break;
          entry.call.arguments += e.delta;
          yield emit("response.function_call_arguments.delta", { item_id: entry.id, output_index: entry.index, delta: e.delta });
          break;
        }
        case "tool-end": {
          const entry = calls.get(e.index);
          if (!entry) break;
          const done = callItem(entry.id, entry.call, "completed");
          output[entry.index] = done;
          yield emit("response.function_call_arguments.done", { item_id: entry.id, output_index: entry.index, name: entry.call.name, arguments: entry.call.arguments });
          yield emit("response.output_item.done", { output_index: entry.index, item: done });
          break;
        }
        case "finish": {
          call.charge(e.usage.input + e.usage.output);
          if (!output.length) yield* openMessage();
          yield* closeMessage();
          yield emit(e.finish === "length" ? "response.incomplete" : "response.completed", { response: finished(shell, output, e.finish, e.usage) });
          return;
        }
        case "error":
          yield emit("error", { code: "provider_error", message: e.message, param: null });
          return;
      }
    }
  } catch (error) {
    if (call.signal.aborted) return;
    yield emit("error", { code: "provider_error", message: describeModelError(error).message, param: null });
  }
}
