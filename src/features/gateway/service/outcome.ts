import type { LanguageModelV4FinishReason, LanguageModelV4GenerateResult, LanguageModelV4StreamPart, LanguageModelV4Usage } from "@ai-sdk/provider";
import { describeModelError } from "@/server/llm";

/**
 * A model's answer in neutral terms, written out by chat completions and by the Responses API alike.
 */
export type Finish = "stop" | "length" | "tool_calls" | "content_filter";

export interface Tokens {
  input: number;
  output: number;
}

export interface Outcome {
  text: string;
  reasoning: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finish: Finish;
  usage: Tokens;
}

export function finishOf(reason: LanguageModelV4FinishReason): Finish {
  switch (reason.unified) {
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
      return "content_filter";
    default:
      return "stop";
  }
}

export const tokensOf = (usage: LanguageModelV4Usage): Tokens => ({ input: usage.inputTokens.total ?? 0, output: usage.outputTokens.total ?? 0 });

export function outcomeOf(result: LanguageModelV4GenerateResult): Outcome {
  let text = "";
  let reasoning = "";
  const toolCalls: Outcome["toolCalls"] = [];
  for (const part of result.content) {
    if (part.type === "text") text += part.text;
    else if (part.type === "reasoning") reasoning += part.text;
    else if (part.type === "tool-call") toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.input });
  }
  const finish = toolCalls.length && result.finishReason.unified !== "length" ? "tool_calls" : finishOf(result.finishReason);
  return { text, reasoning, toolCalls, finish, usage: tokensOf(result.usage) };
}

export type StreamEvent =
  | { type: "text"; delta: string }
  | { type: "reasoning"; delta: string }
  | { type: "tool-start"; index: number; id: string; name: string }
  | { type: "tool-args"; index: number; delta: string }
  | { type: "tool-end"; index: number; arguments: string }
  | { type: "finish"; finish: Finish; usage: Tokens }
  | { type: "error"; message: string };

/**
 * A provider stream as neutral events: tool calls are numbered in order of appearance, and a call a
 * provider sends whole (no input deltas) still starts, gets its arguments, and ends.
 */
export async function* neutralEvents(stream: ReadableStream<LanguageModelV4StreamPart>): AsyncGenerator<StreamEvent> {
  const tools = new Map<string, { index: number; args: string; ended: boolean }>();
  let sawToolCall = false;
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV4StreamPart>) {
    switch (part.type) {
      case "text-delta":
        if (part.delta) yield { type: "text", delta: part.delta };
        break;
      case "reasoning-delta":
        if (part.delta) yield { type: "reasoning", delta: part.delta };
        break;
      case "tool-input-start": {
        const index = tools.size;
        tools.set(part.id, { index, args: "", ended: false });
        yield { type: "tool-start", index, id: part.id, name: part.toolName };
        break;
      }
      case "tool-input-delta": {
        const tool = tools.get(part.id);
        if (tool && part.delta) {
          tool.args += part.delta;
          yield { type: "tool-args", index: tool.index, delta: part.delta };
        }
        break;
      }
      case "tool-call": {
        sawToolCall = true;
        let tool = tools.get(part.toolCallId);
        if (!tool) {
          tool = { index: tools.size, args: "", ended: false };
          tools.set(part.toolCallId, tool);
          yield { type: "tool-start", index: tool.index, id: part.toolCallId, name: part.toolName };
        }
        if (!tool.args && part.input) {
          tool.args = part.input;
          yield { type: "tool-args", index: tool.index, delta: part.input };
        }
        if (!tool.ended) {
          tool.ended = true;
          yield { type: "tool-end", index: tool.index, arguments: tool.args };
        }
        break;
      }
      case "finish": {
        const finish = sawToolCall && part.finishReason.unified !== "length" ? "tool_calls" : finishOf(part.finishReason);
        yield { type: "finish", finish, usage: tokensOf(part.usage) };
        break;
      }
      case "error":
        yield { type: "error", message: describeModelError(part.error).message };
        return;
    }
  }
}

/**
 * An SSE body fed by `frames`: pulled as the client reads (backpressure), and a client that goes
 * away cancels it, which aborts `upstream` (the provider call) through `onCancel`.
 */
export function sseStream(frames: AsyncGenerator<string>, onCancel: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await frames.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        onCancel();
        controller.error(error);
      }
    },
    async cancel() {
      onCancel();
      await frames.return(undefined);
    },
  });
}

export const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" };
