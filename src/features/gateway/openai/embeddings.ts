import "server-only";
import type { JsonReply } from "@/server/http/json-reply";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModelV4 } from "@ai-sdk/provider";
import type { RouteContext } from "@/server/http/route-table";
import { AppError } from "@/server/errors";
import { guardedFetcher } from "@/server/outbound";
import { specOf } from "@/features/models/service/configs";
import type { EmbeddingsRequest } from "../schemas";
import { gatewayRecorder } from "../service/ledger";
import { jsonResponse, openCall, routeHeaders } from "./request";
import type { Target } from "../service/routing";

const EMBED_FETCH = { timeoutMs: 120_000, maxBytes: 64 * 1024 * 1024 };

/** The embedding model of an OpenAI or OpenAI-compatible config; others (Anthropic, built-in) have none. */
function embeddingModelOf(target: Target): EmbeddingModelV4 | null {
  if (!target.config || (target.provider !== "openai" && target.provider !== "openai-compatible")) return null;
  const spec = specOf(target.config);
  const fetch = guardedFetcher(EMBED_FETCH);
  const baseURL = spec.baseUrl?.replace(/\/+$/, "") || undefined;
  if (target.provider === "openai") return createOpenAI({ baseURL, apiKey: spec.apiKey ?? "", fetch }).embeddingModel(spec.modelName);
  if (!baseURL) return null;
  return createOpenAICompatible({ name: "openai-compatible", baseURL, apiKey: spec.apiKey ?? undefined, fetch }).embeddingModel(spec.modelName);
}

/** POST /v1/embeddings: through the chain's first providers that offer embeddings, metered like chat. */
export async function createEmbeddings(ctx: RouteContext<"user">, body: EmbeddingsRequest): Promise<Response | JsonReply> {
  const values = typeof body.input === "string" ? [body.input] : body.input;
  const call = await openCall(ctx, body.model);
  const capable = call.route.chain.filter((t) => embeddingModelOf(t) !== null);
  if (!capable.length) {
    throw new AppError("BAD_REQUEST", `'${body.model}' has no embeddings: its providers (${call.route.chain.map((t) => `${t.name}: ${t.provider}`).join(", ")}) offer chat only. Use an OpenAI or OpenAI-compatible embedding model config.`, {
      wireCode: "model_not_supported",
      issues: [{ path: "body.model", message: "This model does not offer embeddings" }],
    });
  }
  const record = gatewayRecorder(ctx.db, ctx.viewer.userId);
  const { target, value, attempts } = await call.run(async (t) => {
    const model = embeddingModelOf(t);
    if (!model) throw new AppError("BAD_REQUEST", `${t.name} offers no embeddings`);
    const started = performance.now();
    try {
      const result = await model.doEmbed({ values, abortSignal: call.signal, ...(body.dimensions ? { providerOptions: { openai: { dimensions: body.dimensions } } } : {}) });
      await record({ provider: t.provider, model: t.modelName, inputTokens: result.usage?.tokens ?? 0, outputTokens: 0, latencyMs: Math.round(performance.now() - started), status: "ok" });
      return result;
    } catch (error) {
      await record({ provider: t.provider, model: t.modelName, inputTokens: 0, outputTokens: 0, latencyMs: Math.round(performance.now() - started), status: call.signal.aborted ? "aborted" : "error", error: String((error as Error).message).slice(0, 1000) });
      throw error;
    }
  }, capable);
  const tokens = value.usage?.tokens ?? 0;
  call.charge(tokens);
  return jsonResponse(
    {
      object: "list",
      data: value.embeddings.map((embedding, index) => ({ object: "embedding", index, embedding: body.encoding_format === "base64" ? toBase64(embedding) : embedding })),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
    routeHeaders(call, target, attempts),
  );
}

/** OpenAI's base64 encoding: little-endian float32. */
function toBase64(values: number[]) {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buffer.writeFloatLE(v, i * 4));
  return buffer.toString("base64");
}
