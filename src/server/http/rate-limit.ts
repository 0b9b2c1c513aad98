import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../errors";
import { env } from "../env";
import { getRedis } from "../redis";

/**
 * Limits on the identity routes, per client IP and per e-mail address, so neither one machine nor a
 * botnet aimed at one account can guess codes or passwords or flood an inbox. Kept in Redis when
 * REDIS_URL is set (shared by every instance), in memory otherwise.
 */
type Limiter = "authIp" | "authEmail";

const globalForLimits = globalThis as unknown as { atriumLimiters?: Map<Limiter, RateLimiterAbstract> };

function limiter(name: Limiter): RateLimiterAbstract {
  const limiters = (globalForLimits.atriumLimiters ??= new Map());
  let found = limiters.get(name);
  if (!found) {
    const config = env();
    const options =
      name === "authIp"
        ? { keyPrefix: "rl:auth-ip", points: config.RATE_LIMIT_AUTH_PER_IP, duration: 60 }
        : { keyPrefix: "rl:auth-email", points: config.RATE_LIMIT_AUTH_PER_EMAIL, duration: 600 };
    const redis = getRedis();
    found = redis ? new RateLimiterRedis({ storeClient: redis, ...options }) : new RateLimiterMemory(options);
    limiters.set(name, found);
  }
  return found;
}

/** Forgets limiter instances so tests can change the limits through the environment. */
export function resetRateLimiters() {
  globalForLimits.atriumLimiters = undefined;
}

/** Consumes one point or throws 429 with Retry-After (seconds). */
export async function consume(name: Limiter, key: string) {
  try {
    await limiter(name).consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError("RATE_LIMITED", `Too many requests; try again in ${retryAfter} s`, {
        headers: { "Retry-After": String(retryAfter) },
      });
    }
    throw rejection;
  }
}
