import "server-only";
import type { JsonReply } from "@/server/http/json-reply";
import { randomUUID } from "node:crypto";
import type { RouteContext } from "@/server/http/route-table";
import { describeModelError } from "@/server/llm";
import type { ChatCompletionRequest } from "../schemas";
import { neutralEvents, outcomeOf, sseStream, SSE_HEADERS, type Outcome, type StreamEvent } from "../service/outcome";
import { chatCallOptions } from "../service/prompt";
import { configDefaults } from "../service/routing";
import { jsonResponse, openCall, routeHeaders } from "./request";

/** POST /v1/chat/completions, plain or streamed (decided by the body's `stream`, not by Accept). */
export async function chatCompletions(ctx: RouteContext<"user">, body: ChatCompletionRequest): Promise<Response | JsonReply> {
  const options = chatCallOptions(body);
  const call = await openCall(ctx, body.model);
  const base = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: body.model, system_fingerprint: null };

  if (!body.stream) {
    const { target, value, attempts } = await call.run((t, model) => model.doGenerate({ ...configDefaults(t), ...options, abortSignal: call.signal }));
    const outcome = outcomeOf(value);
    call.charge(outcome.usage.input + outcome.usage.output);
    return jsonResponse(completionBody(base, outcome), routeHeaders(call, target, attempts));
  }

  const { target, value, attempts } = await call.run((t, model) => model.doStream({ ...configDefaults(t), ...options, abortSignal: call.signal }));
  const frames = chatFrames(base, neutralEvents(value.stream), Boolean(body.stream_options?.include_usage), call);
  return new Response(sseStream(frames, call.abort), { headers: { ...SSE_HEADERS, ...routeHeaders(call, target, attempts) } });
}

type Base = { id: string; created: number; model: string; system_fingerprint: null };

function completionBody(base: Base, o: Outcome) {
  return {
    ...base,
    object: "chat.completion" as const,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant" as const,
          content: o.text || (o.toolCalls.length ? null : ""),
          refusal: null,
          ...(o.reasoning ? { reasoning_content: o.reasoning } : {}),
          ...(o.toolCalls.length ? { tool_calls: o.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
        },
        logprobs: null,
        finish_reason: o.finish,
      },
    ],
    usage: { prompt_tokens: o.usage.input, completion_tokens: o.usage.output, total_tokens: o.usage.input + o.usage.output },
  };
}

const frame = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/** OpenAI's chunk stream: role first, then content and tool-call deltas, the finish, usage when asked, [DONE]. */
async function* chatFrames(base: Base, events: AsyncGenerator<StreamEvent>, includeUsage: boolean, call: { signal: AbortSignal; charge(tokens: number): void }) {
  const head = { ...base, object: "chat.completion.chunk" as const };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    frame({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) });
  const failed = (message: string) => frame({ error: { message, type: "server_error", param: null, code: "provider_error" } });

  yield chunk({ role: "assistant", content: "", refusal: null });
  try {
    for await (const e of events) {
      switch (e.type) {
        case "text":
          yield chunk({ content: e.delta });
          break;
        case "reasoning":
          yield chunk({ reasoning_content: e.delta });
          break;
        case "tool-start":
          yield chunk({ tool_calls: [{ index: e.index, id: e.id, type: "function", function: { name: e.name, arguments: "" } }] });
          break;
        case "tool-args":
          yield chunk({ tool_calls: [{ index: e.index, function: { arguments: e.delta } }] });
          break;
        case "finish":
          call.charge(e.usage.input + e.usage.output);
          yield chunk({}, e.finish);
          if (includeUsage) {
            const usage = { prompt_tokens: e.usage.input, completion_tokens: e.usage.output, total_tokens: e.usage.input + e.usage.output };
            yield frame({ ...head, choices: [], usage });
          }
          break;
        case "error":
          yield failed(e.message);
          return;
      }
    }
  } catch (error) {
    if (call.signal.aborted) return;
    yield failed(describeModelError(error).message);
    return;
  }
  yield "data: [DONE]\n\n";
}
