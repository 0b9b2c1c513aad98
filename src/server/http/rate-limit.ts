import { env } from "../env";
import { consumeOrRefuse, type LimitSpec } from "../limits";

export { resetRateLimiters } from "../limits";

/**
 * Limits on the identity routes, per client IP and per e-mail address, so neither one machine nor a
 * botnet aimed at one account can guess codes or passwords or flood an inbox (src/server/limits.ts:
 * in Redis when REDIS_URL is set, shared by every instance; in memory otherwise).
 */
type Limiter = "authIp" | "authEmail";

function spec(name: Limiter): LimitSpec {
  const config = env();
  return name === "authIp"
    ? { keyPrefix: "rl:auth-ip", points: config.RATE_LIMIT_AUTH_PER_IP, duration: 60 }
    : { keyPrefix: "rl:auth-email", points: config.RATE_LIMIT_AUTH_PER_EMAIL, duration: 600 };
}

/** Consumes one point or throws 429 with Retry-After (seconds). */
export function consume(name: Limiter, key: string) {
  return consumeOrRefuse(spec(name), key);
}
