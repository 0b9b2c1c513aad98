import "server-only";
import { route, type RouteDef } from "@/server/http/route-table";
import * as s from "./schemas";
import { chatCompletions } from "./openai/chat";
import { createEmbeddings } from "./openai/embeddings";
import { createResponse } from "./openai/responses";
import { forgetCatalog, loadCatalog, listedModels } from "./service/routing";
import { gatewayHealth, gatewayQuota } from "./service/status";

const V1 = ["OpenAI-compatible gateway"];
const MG = ["Model gateway"];
const STREAMED = "With `stream: true` the answer is `text/event-stream` (OpenAI's frames) instead of JSON.";

/** The OpenAI-compatible `/v1` routes (models, chat completions, responses, embeddings). */
export const openAiRoutes: RouteDef[] = [
  route({
    method: "GET", path: "/models", auth: "user", tags: V1, status: 200, response: s.modelList,
    summary: "Models reachable with this key",
    description: "The caller's model configs (by model name), their exact route names, and the built-in offline model.",
    handler: async ({ db, viewer }) => {
      // Always fresh: a client lists models right after configuring one.
      forgetCatalog(viewer.userId);
      return { object: "list" as const, data: listedModels(await loadCatalog(db, viewer.userId)).map((m) => ({ ...m, object: "model" as const })) };
    },
  }),
  route({
    method: "POST", path: "/chat/completions", auth: "user", tags: V1, status: 200, body: s.chatCompletionRequest, response: s.chatCompletion,
    errors: [400, 401, 404, 422, 429, 502, 503],
    summary: "Chat completion (OpenAI-compatible)",
    description: `Routed by model name to the caller's providers with fallback, retry and circuit breaking. ${STREAMED}`,
    handler: (ctx, { body }) => chatCompletions(ctx, body),
  }),
  route({
    method: "POST", path: "/responses", auth: "user", tags: V1, status: 200, body: s.responsesRequest, response: s.responseObject,
    errors: [400, 401, 404, 422, 429, 502, 503],
    summary: "Responses API (mapped onto chat completions)",
    description: `\`input\` and \`instructions\` become chat messages; the answer becomes output items. ${STREAMED}`,
    handler: (ctx, { body }) => createResponse(ctx, body),
  }),
  route({
    method: "POST", path: "/embeddings", auth: "user", tags: V1, status: 200, body: s.embeddingsRequest, response: s.embeddingList,
    errors: [400, 401, 404, 422, 429, 502, 503],
    summary: "Embeddings (OpenAI and OpenAI-compatible providers)",
    description: "A model whose providers offer no embeddings (Anthropic, the built-in model) is a 400.",
    handler: (ctx, { body }) => createEmbeddings(ctx, body),
  }),
];

/** Seed 001's `/model-gateway/health` and `/model-gateway/quota` (served on the agentmesh surface). */
export const modelGatewayRoutes: RouteDef[] = [
  route({
    method: "GET", path: "/model-gateway/health", auth: "user", tags: MG, status: 200, response: s.gatewayHealth,
    summary: "The caller's providers: available or not, and why",
    handler: ({ db, viewer }) => gatewayHealth(db, viewer.userId),
  }),
  route({
    method: "GET", path: "/model-gateway/quota", auth: "user", tags: MG, status: 200, response: s.quotaMap,
    summary: "Quota per provider (DeepSeek balance, OpenRouter credits; others unknown), cached 60 s",
    handler: ({ db, viewer }) => gatewayQuota(db, viewer.userId),
  }),
];
