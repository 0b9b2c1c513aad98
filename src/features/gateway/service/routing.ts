import "server-only";
import type { GatewayProvider, GatewayRoute, ModelConfig } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { BUILTIN_MODEL_ID } from "@/server/llm";
import { BUILTIN_TARGET } from "../schemas";

/**
 * Which providers answer a model name. A provider is one of the caller's model configs (a model at a
 * provider with its key), or Atrium's built-in offline model ("builtin").
 *
 * 1. The caller's routes, lowest position first: the first whose pattern matches the requested
 *    name (`*` matches any run of characters) gives the fallback chain.
 * 2. Without a matching route, the derived route of that name: every config whose model_name is the
 *    name (oldest first), then the default config, as fallback. The built-in model's name routes
 *    to it.
 * Each provider in a chain is called with its own model_name: a chain may mix providers
 * (deepseek-chat falling back to gpt-4o-mini), so the requested name only selects the chain.
 */
export interface Target {
  /** The model config's id, or "builtin". Circuit breakers and quotas are kept per target. */
  id: string;
  name: string;
  provider: string;
  modelName: string;
  config: ModelConfig | null;
}

export interface Catalog {
  configs: ModelConfig[];
  routes: GatewayRoute[];
  /** Quota source per model config id (absent: auto). */
  quotaSources: Map<string, string>;
}

export const BUILTIN: Target = { id: BUILTIN_TARGET, name: "builtin", provider: "builtin", modelName: BUILTIN_MODEL_ID, config: null };

/** Configs and routes change rarely; a request within this window of the last one reuses them. */
const CATALOG_TTL_MS = 2000;
const cache = new Map<string, { at: number; value: Promise<Catalog> }>();

export function loadCatalog(db: Db, userId: string): Promise<Catalog> {
  const hit = cache.get(userId);
  if (hit && performance.now() - hit.at < CATALOG_TTL_MS) return hit.value;
  const value = Promise.all([
    db.modelConfig.findMany({ where: { userId }, orderBy: { createdAt: "asc" } }),
    db.gatewayRoute.findMany({ where: { userId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }),
    db.gatewayProvider.findMany({ where: { userId } }),
  ]).then(([configs, routes, providers]: [ModelConfig[], GatewayRoute[], GatewayProvider[]]) => ({
    configs,
    routes,
    quotaSources: new Map(providers.map((p) => [p.modelConfigId, p.quotaSource])),
  }));
  value.catch(() => cache.delete(userId));
  if (cache.size > 10_000) cache.clear();
  cache.set(userId, { at: performance.now(), value });
  return value;
}

/** Forget a user's cached catalog (after their routes change). */
export function forgetCatalog(userId: string) {
  cache.delete(userId);
}

export function targetOf(config: ModelConfig): Target {
  if (config.provider === "builtin") return { ...BUILTIN, id: config.id, name: config.name, config };
  return { id: config.id, name: config.name, provider: config.provider, modelName: config.modelName, config };
}

export function patternMatches(pattern: string, model: string) {
  if (!pattern.includes("*")) return pattern === model;
  const source = pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`).test(model);
}

export interface ResolvedRoute {
  /** The pattern that matched, or null for a derived route. */
  pattern: string | null;
  chain: Target[];
}

/** The chain for a model name, or 404 (OpenAI's model_not_found) when nothing serves it. */
export function resolveRoute(catalog: Catalog, model: string): ResolvedRoute {
  const byId = new Map(catalog.configs.map((c) => [c.id, c]));
  const route = catalog.routes.find((r) => patternMatches(r.pattern, model));
  if (route) {
    const chain = route.chain.flatMap((id) => (id === BUILTIN_TARGET ? [BUILTIN] : byId.has(id) ? [targetOf(byId.get(id)!)] : []));
    return { pattern: route.pattern, chain };
  }
  const derived = derivedChain(catalog.configs, model);
  if (derived.length) return { pattern: null, chain: derived };
  throw new AppError("NOT_FOUND", `The model '${model}' does not exist or you do not have access to it (GET /v1/models lists yours)`, {
    wireCode: "model_not_found",
  });
}

function derivedChain(configs: ModelConfig[], model: string): Target[] {
  const serving = configs.filter((c) => c.modelName === model);
  if (!serving.length) return model === BUILTIN_MODEL_ID ? [BUILTIN] : [];
  const fallback = configs.find((c) => c.isDefault && !serving.includes(c));
  return [...serving, ...(fallback ? [fallback] : [])].map(targetOf);
}

/** Every model name /v1/models lists: exact route patterns, config model names, the built-in model. */
export function listedModels(catalog: Catalog): { id: string; created: number; owned_by: string }[] {
  const seen = new Map<string, { id: string; created: number; owned_by: string }>();
  const add = (id: string, created: Date, owner: string) => {
    if (!seen.has(id)) seen.set(id, { id, created: Math.floor(created.getTime() / 1000), owned_by: owner });
  };
  for (const r of catalog.routes) if (!r.pattern.includes("*")) add(r.pattern, r.createdAt, "atrium-route");
  for (const c of catalog.configs) add(c.modelName, c.createdAt, c.provider === "builtin" ? "atrium" : c.name);
  add(BUILTIN_MODEL_ID, new Date(0), "atrium");
  return [...seen.values()];
}

/** A config's own temperature and max_tokens, used when the request leaves them out. */
export function configDefaults(target: Target): { temperature?: number; maxOutputTokens?: number } {
  const c = target.config;
  return { ...(c?.temperature != null ? { temperature: c.temperature } : {}), ...(c?.maxTokens != null ? { maxOutputTokens: c.maxTokens } : {}) };
}

/** Why a target cannot take a call right now, or null when it can (key presence; circuit and quota are checked by the caller). */
export function missingKey(target: Target): string | null {
  if (!target.config) return null;
  if ((target.provider === "openai" || target.provider === "anthropic") && !target.config.apiKeyEnc) return "no API key";
  return null;
}
