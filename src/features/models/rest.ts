import "server-only";
import { idParam } from "@/lib/wire";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { createConfig, deleteConfig, getConfig, listConfigs, updateConfig } from "./service/configs";
import { listPrices, setPrice } from "./service/prices";
import { testConfig } from "./service/test-connection";
import { listUsage } from "./service/usage";

const MODELS = ["Model configs"];
const METERING = ["Metering"];

/** Seed 004's /model-configs (6 endpoints), plus the price table and the metering ledger of issue 4. */
export const modelRoutes = [
  route({
    method: "GET", path: "/model-configs", auth: "user", tags: MODELS,
    summary: "Your model configs (API keys are never returned: `has_key` says whether one is set)",
    status: 200, response: s.modelConfigList,
    handler: (ctx) => listConfigs(ctx),
  }),
  route({
    method: "POST", path: "/model-configs", auth: "user", tags: MODELS,
    summary: "Add a model: openai-compatible (base_url + key: DeepSeek, Groq, OpenRouter, vLLM, Ollama), openai, anthropic or builtin",
    description: "`api_key` is stored AES-256-GCM encrypted and is write-only. `is_default: true` makes it the model of bare chat (and unmarks the previous default).",
    body: s.modelConfigCreate, status: 201, response: s.modelConfig, errors: [422],
    handler: (ctx, { body }) => createConfig(ctx, body),
  }),
  route({
    method: "GET", path: "/model-configs/{id}", auth: "user", tags: MODELS,
    summary: "One model config",
    params: idParam, status: 200, response: s.modelConfig, errors: [404],
    handler: (ctx, { params }) => getConfig(ctx, params.id),
  }),
  route({
    method: "PUT", path: "/model-configs/{id}", auth: "user", tags: MODELS,
    summary: "Change a model config: only the fields sent change; `api_key: null` removes the key",
    params: idParam, body: s.modelConfigUpdate, status: 200, response: s.modelConfig, errors: [404, 422],
    handler: (ctx, { params, body }) => updateConfig(ctx, params.id, body),
  }),
  route({
    method: "DELETE", path: "/model-configs/{id}", auth: "user", tags: MODELS,
    summary: "Delete a model config (refused with 409 while agents use it)",
    params: idParam, status: 204, errors: [404, 409],
    handler: (ctx, { params }) => deleteConfig(ctx, params.id),
  }),
  route({
    method: "POST", path: "/model-configs/{id}/test", auth: "user", tags: MODELS,
    summary: "Make a real one-token call: `{ok, latency_ms, model}`, or `{ok: false, error}` with the provider's error",
    params: idParam, status: 200, response: s.connectionTest, errors: [404],
    handler: (ctx, { params }) => testConfig(ctx, params.id),
  }),
  route({
    method: "GET", path: "/model-prices", auth: "user", tags: METERING,
    summary: "Prices used to cost model calls (micro-dollars per million tokens): yours, then the defaults",
    status: 200, response: s.priceList,
    handler: (ctx) => listPrices(ctx),
  }),
  route({
    method: "PUT", path: "/model-prices", auth: "user", tags: METERING,
    summary: "Set your price for a model (provider \"*\" matches any provider)",
    body: s.priceSet, status: 200, response: s.price, errors: [422],
    handler: (ctx, { body }) => setPrice(ctx, body),
  }),
  route({
    method: "GET", path: "/model-usage", auth: "user", tags: METERING,
    summary: "Your metered model calls, newest first (tokens, cost in micro-dollars, latency, status), with totals",
    query: s.usageQuery, status: 200, response: s.usagePage, errors: [422],
    handler: (ctx, { query }) => listUsage(ctx, query),
  }),
];
