import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { AppError } from "../errors";
import { guardedFetcher } from "../outbound";
import { BuiltinModel, BUILTIN_MODEL_ID, type BuiltinModelOptions } from "./builtin-model";

export const PROVIDERS = ["openai-compatible", "openai", "anthropic", "builtin"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Everything needed to talk to one model; the key is already decrypted. */
export interface ModelSpec {
  provider: ProviderName;
  modelName: string;
  baseUrl?: string | null;
  apiKey?: string | null;
}

export interface ResolveOptions {
  builtin?: BuiltinModelOptions;
  /**
   * Send a JSON schema to OpenAI-compatible servers as `response_format: json_schema` (the /v1 gateway
   * forwards what its caller asked for). Off, the AI SDK downgrades a schema to JSON mode
   * (`json_object`), which every such server accepts.
   */
  structuredOutputs?: boolean;
}

/** Model traffic: long answers stream for minutes; 32 MiB is far beyond any real completion. */
const MODEL_FETCH = { timeoutMs: 300_000, maxBytes: 32 * 1024 * 1024 };

/**
 * The AI SDK language model for a spec; no spec means Atrium's built-in offline model. Every HTTP
 * request a provider makes goes through the guarded outbound client (SSRF rules, deadline, size cap).
 */
export function resolveModel(spec: ModelSpec | null, options: ResolveOptions = {}): LanguageModelV4 {
  if (!spec || spec.provider === "builtin") return new BuiltinModel(options.builtin);
  const fetch = guardedFetcher(MODEL_FETCH);
  const baseURL = spec.baseUrl?.replace(/\/+$/, "") || undefined;
  const apiKey = spec.apiKey ?? undefined;
  switch (spec.provider) {
    case "openai-compatible": {
      if (!baseURL) throw new AppError("BAD_REQUEST", "An OpenAI-compatible model config needs a base_url (e.g. https://api.deepseek.com/v1)");
      return createOpenAICompatible({ name: "openai-compatible", baseURL, apiKey, includeUsage: true, fetch, supportsStructuredOutputs: options.structuredOutputs ?? false }).chatModel(spec.modelName);
    }
    case "openai":
      // Without a key the SDK would read OPENAI_API_KEY from the server's environment: keys are per user here.
      return createOpenAI({ baseURL, apiKey: apiKey ?? "", fetch })(spec.modelName);
    case "anthropic":
      return createAnthropic({ baseURL, apiKey: apiKey ?? "", fetch })(spec.modelName);
  }
}

export const builtinSpec: ModelSpec = { provider: "builtin", modelName: BUILTIN_MODEL_ID };
