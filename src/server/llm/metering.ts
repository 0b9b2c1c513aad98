import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4StreamPart, LanguageModelV4Usage } from "@ai-sdk/provider";
import { wrapLanguageModel } from "ai";
import { describeModelError, isAbort } from "./errors";
import { log } from "../log";

/** One model call as the ledger records it (cost is added by the recorder from the price table). */
export interface MeteredCall {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  status: "ok" | "error" | "aborted";
  error?: string;
}

export type CallRecorder = (call: MeteredCall) => Promise<void>;

/**
 * Wraps a model so that every call it makes (each step of an agent loop is one) is recorded once:
 * tokens, latency and how it ended (ok, error, or aborted when the caller cancelled). A streamed
 * call is recorded when its stream ends, before the stream reports its end, so the ledger row exists
 * by the time the caller sees the answer finish.
 */
export function withMetering(model: LanguageModelV4, identity: { provider: string; model: string }, record: CallRecorder): LanguageModelV4 {
  const save = async (call: Omit<MeteredCall, "provider" | "model">) => {
    try {
      await record({ ...identity, ...call });
    } catch (error) {
      log.error("could not record a model call", { err: error });
    }
  };

  return wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: "v4",
      async wrapGenerate({ doGenerate, params }) {
        const started = performance.now();
        try {
          const result = await doGenerate();
          await save({ ...tokensOf(result.usage), latencyMs: elapsed(started), status: "ok" });
          return result;
        } catch (error) {
          await save({ inputTokens: 0, outputTokens: 0, latencyMs: elapsed(started), ...failure(error, params) });
          throw error;
        }
      },
      async wrapStream({ doStream, params }) {
        const started = performance.now();
        let settled = false;
        let usage = { inputTokens: 0, outputTokens: 0 };
        let streamError: unknown;
        const settle = (outcome: Pick<MeteredCall, "status" | "error">) => {
          if (settled) return Promise.resolve();
          settled = true;
          params.abortSignal?.removeEventListener("abort", onAbort);
          return save({ ...usage, latencyMs: elapsed(started), ...outcome });
        };
        const onAbort = () => void settle({ status: "aborted" });
        params.abortSignal?.addEventListener("abort", onAbort, { once: true });

        let result;
        try {
          result = await doStream();
        } catch (error) {
          await settle(failure(error, params));
          throw error;
        }
        const reader = result.stream.getReader();
        const metered = new ReadableStream<LanguageModelV4StreamPart>({
          async pull(controller) {
            let next: ReadableStreamReadResult<LanguageModelV4StreamPart>;
            try {
              next = await reader.read();
            } catch (error) {
              await settle(failure(error, params));
              controller.error(error);
              return;
            }
            if (next.done) {
              await settle(streamError === undefined ? { status: "ok" } : failure(streamError, params));
              controller.close();
              return;
            }
            const part = next.value;
            if (part.type === "finish") usage = tokensOf(part.usage);
            else if (part.type === "error") streamError = part.error;
            controller.enqueue(part);
          },
          async cancel(reason) {
            await settle({ status: "aborted" });
            await reader.cancel(reason);
          },
        });
        return { ...result, stream: metered };
      },
    },
  }) as LanguageModelV4;
}

function tokensOf(usage: LanguageModelV4Usage) {
  return { inputTokens: usage.inputTokens.total ?? 0, outputTokens: usage.outputTokens.total ?? 0 };
}

function failure(error: unknown, params: LanguageModelV4CallOptions): Pick<MeteredCall, "status" | "error"> {
  if (params.abortSignal?.aborted || isAbort(error)) return { status: "aborted" };
  return { status: "error", error: describeModelError(error).message.slice(0, 1000) };
}

const elapsed = (started: number) => Math.round(performance.now() - started);
