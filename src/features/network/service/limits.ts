import "server-only";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "@/server/errors";
import { getRedis } from "@/server/redis";
import { networkConfig } from "../config";

/**
 * Pairing's rate limits, shared through Redis when there is one: codes asked for per person,
 * attempts to complete a pairing per client address (a 6-character code must not be guessable by
 * trying), notifications sent per person.
 */
type Kind = "pairingRequest" | "pairingAttempt" | "notify";

const options = (kind: Kind) => {
  const config = networkConfig();
  if (kind === "pairingRequest") return { keyPrefix: "rl:pairing-request", points: config.pairingRequestsPer10Min, duration: 600 };
  if (kind === "pairingAttempt") return { keyPrefix: "rl:pairing-attempt", points: config.pairingAttemptsPer10Min, duration: 600 };
  return { keyPrefix: "rl:pairing-notify", points: 30, duration: 60 };
};

const globalForLimits = globalThis as unknown as { atriumPairingLimiters?: Map<string, RateLimiterAbstract> };

function limiter(kind: Kind) {
  const redis = getRedis();
  const o = options(kind);
  // Keyed by the settings too, so a test (or a changed environment) gets a limiter of its own.
  const key = `${kind}:${o.points}:${redis ? "redis" : "memory"}`;
  const all = (globalForLimits.atriumPairingLimiters ??= new Map());
  let found = all.get(key);
  if (!found) {
    found = redis ? new RateLimiterRedis({ storeClient: redis, ...o }) : new RateLimiterMemory(o);
    all.set(key, found);
  }
  return found;
}

/** Consumes one point or throws 429 with Retry-After. */
export async function limit(kind: Kind, key: string) {
  try {
    await limiter(kind).consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError("RATE_LIMITED", `Too many requests; try again in ${retryAfter} s`, { headers: { "Retry-After": String(retryAfter) } });
  }
}
