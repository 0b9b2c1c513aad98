import "server-only";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { resolveModel, withMetering } from "@/server/llm";
import { log } from "@/server/log";
import { specOf } from "@/features/models/service/configs";
import { gatewayConfig } from "../config";
import { CircuitBreakers } from "./breaker";
import { backoffMs, classifyFailure, sleep, type ProviderFailure } from "./failures";
import { gatewayRecorder } from "./ledger";
import { quotaOf } from "./quota";
import { missingKey, type Catalog, type ResolvedRoute, type Target } from "./routing";

const globalForBreakers = globalThis as unknown as { atriumGatewayBreakers?: CircuitBreakers };

/** The process's circuit breakers, one circuit per provider (model config). */
export function breakers(): CircuitBreakers {
  return (globalForBreakers.atriumGatewayBreakers ??= new CircuitBreakers(() => {
    const c = gatewayConfig();
    return { failures: c.GATEWAY_BREAKER_FAILURES, cooldownMs: c.GATEWAY_BREAKER_COOLDOWN_MS };
  }));
}

export interface Attempt {
  provider: string;
  outcome: "ok" | "failed" | "skipped";
  reason?: string;
}

export interface Dispatched<T> {
  target: Target;
  value: T;
  attempts: Attempt[];
}

/**
 * Metered models by config version: building one (the AI SDK provider and its response schemas) cost
 * more than a millisecond, paid again on every request; a changed config (updatedAt) gets a new one.
 */
const models = new Map<string, LanguageModelV4>();

/** The target's model, every call metered to the caller's ledger (batched: see ledger.ts). */
export function gatewayModel(db: Db, userId: string, target: Target): LanguageModelV4 {
  const key = `${userId}:${target.id}:${target.config?.updatedAt.getTime() ?? 0}`;
  const cached = models.get(key);
  if (cached) return cached;
  const spec = target.config && target.config.provider !== "builtin" ? specOf(target.config) : null;
  // The caller chose its response_format: a json_schema goes to the provider as one, not as JSON mode.
  const model = resolveModel(spec, { structuredOutputs: true });
  const metered = withMetering(model, { provider: spec?.provider ?? "builtin", model: spec?.modelName ?? model.modelId }, gatewayRecorder(db, userId));
  if (models.size >= 5000) models.clear();
  models.set(key, metered);
  return metered;
}

/**
 * Runs `call` on the chain's providers in order until one answers: a provider without its key, with
 * an open circuit or out of quota is skipped; a 429/5xx/network failure is retried with backoff on
 * the same provider (GATEWAY_RETRY_ATTEMPTS), then the next provider is tried. `call` must resolve
 * before the first byte reaches the caller (for a stream: once the provider answered with headers),
 * so nothing is retried after the caller has seen part of an answer.
 */
export async function dispatch<T>(
  ctx: { db: Db; userId: string; signal: AbortSignal },
  catalog: Catalog,
  route: ResolvedRoute,
  call: (target: Target, model: LanguageModelV4) => PromiseLike<T>,
): Promise<Dispatched<T>> {
  const config = gatewayConfig();
  const circuits = breakers();
  const attempts: Attempt[] = [];
  let lastFailure: ProviderFailure | null = null;
  let upstreamFailed = false;

  for (const target of route.chain) {
    const skip = missingKey(target) ?? (circuits.isAvailable(target.id) ? null : "circuit open");
    if (skip) {
      attempts.push({ provider: target.name, outcome: "skipped", reason: skip });
      continue;
    }
    const quota = await quotaOf(ctx.db, target, catalog.quotaSources.get(target.id));
    if (!quota.available) {
      attempts.push({ provider: target.name, outcome: "skipped", reason: `out of quota (${quota.summary})` });
      continue;
    }
    if (!circuits.tryAcquire(target.id)) {
      attempts.push({ provider: target.name, outcome: "skipped", reason: "circuit half-open, probe in flight" });
      continue;
    }
    let model: LanguageModelV4;
    try {
      model = gatewayModel(ctx.db, ctx.userId, target);
    } catch (error) {
      circuits.release(target.id);
      attempts.push({ provider: target.name, outcome: "skipped", reason: error instanceof AppError ? error.detail : "cannot be configured" });
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await call(target, model);
        circuits.success(target.id);
        attempts.push({ provider: target.name, outcome: "ok" });
        return { target, value, attempts };
      } catch (error) {
        const failure = classifyFailure(error, ctx.signal);
        if (failure.kind === "aborted") {
          circuits.release(target.id);
          throw error;
        }
        if (failure.kind === "client") {
          // The provider is up; the request is what it refused, and every provider would.
          circuits.success(target.id);
          throw new AppError("BAD_REQUEST", `${target.name} refused the request: ${failure.message}`, { wireCode: "invalid_request_error" });
        }
        if (failure.kind === "retry" && attempt < config.GATEWAY_RETRY_ATTEMPTS) {
          await sleep(backoffMs(attempt, config.GATEWAY_RETRY_BASE_MS, failure.retryAfterMs), ctx.signal);
          if (ctx.signal.aborted) {
            circuits.release(target.id);
            throw error;
          }
          continue;
        }
        if (failure.kind === "config") circuits.release(target.id);
        else circuits.failure(target.id, failure.message);
        lastFailure = failure;
        if (failure.kind !== "config") upstreamFailed = true;
        attempts.push({ provider: target.name, outcome: "failed", reason: failure.message });
        log.warn("gateway provider failed", { provider: target.name, status: failure.status, attempts: attempt });
        break;
      }
    }
  }

  const summary = attempts.map((a) => `${a.provider}: ${a.reason ?? a.outcome}`).join("; ");
  if (!lastFailure) {
    throw new AppError("SERVICE_UNAVAILABLE", `No provider can take this request now (${summary || "the route names no model config"})`, {
      wireCode: "no_provider_available",
      headers: { "Retry-After": "5" },
    });
  }
  if (!upstreamFailed) {
    // Nothing reached a provider: the caller's model configs point nowhere usable.
    throw new AppError("BAD_REQUEST", `No provider of this model can be called (${summary}); fix its base URL in Settings → Models`, { wireCode: "provider_misconfigured" });
  }
  throw new AppError("BAD_GATEWAY", `Every provider for this model failed (${summary})`, { wireCode: "provider_error" });
}
