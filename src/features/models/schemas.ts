import { z } from "zod";
import { BUILTIN_MODEL_ID, PROVIDERS } from "@/server/llm";

export const providerName = z.enum(PROVIDERS, { message: `Use one of: ${PROVIDERS.join(", ")}` });
const baseUrl = z.url({ protocol: /^https?$/, message: "Use an http(s) URL such as https://api.deepseek.com/v1" }).max(500);
const temperature = z.number().min(0, "Temperature is between 0 and 2").max(2, "Temperature is between 0 and 2");
const maxTokens = z.number().int().min(1).max(1_000_000);

import { pageOf, pageQuery } from "@/lib/wire";

export { pageQuery };

const configFields = {
  name: z.string().trim().min(1, "Give it a name").max(100),
  provider: providerName,
  base_url: baseUrl.nullable(),
  model_name: z.string().trim().min(1, "Name the model, e.g. deepseek-chat").max(200),
  /** Write-only: stored encrypted, never returned (`has_key` says whether one is set). */
  api_key: z.string().trim().min(1).max(1000).nullable(),
  temperature: temperature.nullable(),
  max_tokens: maxTokens.nullable(),
  is_default: z.boolean(),
};

type ConfigShape = { provider?: string; base_url?: string | null; model_name?: string };

/** Rules across fields, applied to a new config and to an existing one after an update. */
export function configProblems(c: ConfigShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.provider === "openai-compatible" && !c.base_url) problems.push({ path: "base_url", message: "An OpenAI-compatible endpoint needs its base URL" });
  if (c.provider !== "builtin" && !c.model_name) problems.push({ path: "model_name", message: "Name the model, e.g. deepseek-chat" });
  if (c.provider === "builtin" && c.model_name && c.model_name !== BUILTIN_MODEL_ID) problems.push({ path: "model_name", message: `The built-in model is ${BUILTIN_MODEL_ID}` });
  return problems;
}

export const modelConfigCreate = z
  .object({
    ...configFields,
    base_url: configFields.base_url.optional(),
    model_name: configFields.model_name.optional(),
    api_key: configFields.api_key.optional(),
    temperature: configFields.temperature.optional(),
    max_tokens: configFields.max_tokens.optional(),
    is_default: configFields.is_default.default(false),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const p of configProblems(value)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  });

/** Only the fields sent change; `api_key: null` removes the key. */
export const modelConfigUpdate = z.object(configFields).partial().strict();

export const modelConfig = z.object({
  id: z.string(),
  name: z.string(),
  provider: providerName,
  base_url: z.string().nullable(),
  model_name: z.string(),
  has_key: z.boolean(),
  temperature: z.number().nullable(),
  max_tokens: z.number().int().nullable(),
  is_default: z.boolean(),
  /** Set for the built-in model, which is no AI. */
  label: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const modelConfigList = z.array(modelConfig);

export const connectionTest = z.object({
  ok: z.boolean(),
  latency_ms: z.number().int(),
  model: z.string(),
  error: z.string().optional(),
});

export const price = z.object({
  provider: z.string(),
  model: z.string(),
  input_micros_per_mtok: z.number().int(),
  output_micros_per_mtok: z.number().int(),
  source: z.enum(["user", "default"]),
});
export const priceList = z.array(price);
export const priceSet = z
  .object({
    /** "*" (the default) matches any provider. */
    provider: z.string().trim().min(1).max(50).default("*"),
    model: z.string().trim().min(1).max(200),
    input_micros_per_mtok: z.number().int().min(0).max(1_000_000_000),
    output_micros_per_mtok: z.number().int().min(0).max(1_000_000_000),
  })
  .strict();

export const usageQuery = pageQuery.extend({
  agent_id: z.uuid().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});
export const modelCall = z.object({
  id: z.string(),
  provider: z.string(),
  model: z.string(),
  purpose: z.string(),
  agent_id: z.string().nullable(),
  session_id: z.string().nullable(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cost_micros: z.number().int(),
  latency_ms: z.number().int(),
  status: z.enum(["ok", "error", "aborted"]),
  error: z.string().nullable(),
  created_at: z.string(),
});
export const usagePage = pageOf(modelCall).extend({
  /** Over every call matching the filter, not just this page. */
  totals: z.object({ calls: z.number().int(), input_tokens: z.number().int(), output_tokens: z.number().int(), cost_micros: z.number().int() }),
});

export type ModelConfigCreate = z.infer<typeof modelConfigCreate>;
export type ModelConfigUpdate = z.infer<typeof modelConfigUpdate>;
export type ModelConfigDto = z.infer<typeof modelConfig>;
