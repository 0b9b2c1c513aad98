import { describe, expect, it } from "vitest";
import type { GatewayRoute, ModelConfig } from "@/generated/prisma/client";
import { listedModels, patternMatches, resolveRoute, type Catalog } from "@/features/gateway/service/routing";
import { AppError } from "@/server/errors";
import { BUILTIN_MODEL_ID } from "@/server/llm";

let n = 0;
const at = new Date("2026-12-01T00:00:00Z");
function config(name: string, modelName: string, extra: Partial<ModelConfig> = {}): ModelConfig {
  n++;
  return { id: `c${n}`, userId: "u", name, provider: "openai-compatible", baseUrl: "https://x.test/v1", modelName, apiKeyEnc: "enc", temperature: null, maxTokens: null, isDefault: false, createdAt: new Date(at.getTime() + n), updatedAt: at, ...extra };
}
function routeOf(pattern: string, chain: string[], position = 0): GatewayRoute {
  return { id: `r-${pattern}`, userId: "u", pattern, chain, position, createdAt: at, updatedAt: at };
}
const catalog = (configs: ModelConfig[], routes: GatewayRoute[] = []): Catalog => ({ configs, routes, quotaSources: new Map() });

describe("model routing", () => {
  it("matches patterns with * and exact names", () => {
    expect(patternMatches("deepseek-*", "deepseek-chat")).toBe(true);
    expect(patternMatches("deepseek-*", "gpt-4o")).toBe(false);
    expect(patternMatches("*", "anything")).toBe(true);
    expect(patternMatches("gpt-4.1", "gpt-4x1")).toBe(false);
    expect(patternMatches("qwen3:14b", "qwen3:14b")).toBe(true);
  });

  it("uses the first matching route, in position order, and skips deleted configs of its chain", () => {
    const ds = config("DeepSeek", "deepseek-chat");
    const oa = config("OpenAI", "gpt-4o-mini");
    const resolved = resolveRoute(catalog([ds, oa], [routeOf("deepseek-*", [ds.id, "gone", oa.id]), routeOf("*", [oa.id], 5)]), "deepseek-reasoner");
    expect(resolved.pattern).toBe("deepseek-*");
    expect(resolved.chain.map((t) => [t.name, t.modelName])).toEqual([
      ["DeepSeek", "deepseek-chat"],
      ["OpenAI", "gpt-4o-mini"],
    ]);
    expect(resolveRoute(catalog([ds, oa], [routeOf("deepseek-*", [ds.id]), routeOf("*", [oa.id], 5)]), "claude").chain.map((t) => t.name)).toEqual(["OpenAI"]);
  });

  it("without a route, sends a model name to the configs serving it, then to the default config", () => {
    const a = config("A", "deepseek-chat");
    const b = config("B", "deepseek-chat");
    const d = config("Default", "gpt-4o-mini", { isDefault: true });
    const resolved = resolveRoute(catalog([a, b, d]), "deepseek-chat");
    expect(resolved.pattern).toBeNull();
    expect(resolved.chain.map((t) => t.name)).toEqual(["A", "B", "Default"]);
    expect(resolveRoute(catalog([a, d]), "gpt-4o-mini").chain.map((t) => t.name)).toEqual(["Default"]);
  });

  it("routes the built-in model's name to it and refuses unknown names with model_not_found", () => {
    expect(resolveRoute(catalog([]), BUILTIN_MODEL_ID).chain.map((t) => t.provider)).toEqual(["builtin"]);
    const error = (() => {
      try {
        resolveRoute(catalog([config("A", "x")]), "nope");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 404, extra: { wireCode: "model_not_found" } });
  });

  it("lists exact route names, config model names once, and the built-in model", () => {
    const a = config("A", "deepseek-chat");
    const b = config("B", "deepseek-chat");
    const ids = listedModels(catalog([a, b], [routeOf("fast", [a.id]), routeOf("gpt-*", [b.id])])).map((m) => m.id);
    expect(ids).toEqual(["fast", "deepseek-chat", BUILTIN_MODEL_ID]);
  });
});
