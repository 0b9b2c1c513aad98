import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "./errors";
import { getRedis } from "./redis";

/**
 * Rate limiters, shared through Redis when REDIS_URL is set (every instance counts together) and in
 * memory otherwise. One limiter per prefix and settings: a changed environment (a test lowering a
 * limit) gets a limiter of its own. Identity's routes, workflow webhooks, the /v1 gateway, pairing
 * and the agent gateway all take theirs from here.
 */
export interface LimitSpec {
  /** Names the counter (and its Redis keys): `rl:auth-ip`, `rl:webhook-wf` ... */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

const globalForLimits = globalThis as unknown as { atriumRateLimiters?: Map<string, RateLimiterAbstract> };

export function limiterFor(spec: LimitSpec): RateLimiterAbstract {
  const redis = getRedis();
  const id = `${spec.keyPrefix}:${spec.points}/${spec.duration}:${redis ? "redis" : "memory"}`;
  const all = (globalForLimits.atriumRateLimiters ??= new Map());
  let found = all.get(id);
  if (!found) {
    found = redis ? new RateLimiterRedis({ storeClient: redis, ...spec }) : new RateLimiterMemory(spec);
    all.set(id, found);
  }
  return found;
}

/** Forgets every limiter and its counts (tests that change limits start clean). */
export function resetRateLimiters() {
  globalForLimits.atriumRateLimiters = undefined;
}

/** The 429 for a spent limit, with Retry-After in whole seconds. */
export function rateLimited(msBeforeNext: number, what = "Too many requests") {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("RATE_LIMITED", `${what}; try again in ${retryAfter} s`, { headers: { "Retry-After": String(retryAfter) } });
}

/** Takes one point of `key` or throws the 429. */
export async function consumeOrRefuse(spec: LimitSpec, key: string, what?: string) {
  try {
    await limiterFor(spec).consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(rejection.msBeforeNext, what);
    throw rejection;
  }
}
