import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import type { Viewer } from "@/server/auth/viewer";
import { AppError } from "@/server/errors";
import { limiterFor } from "@/server/limits";
import { gatewayConfig } from "../config";

/**
 * Rate limits per API key: requests a minute (one point per request, taken before any work) and
 * tokens a minute (taken after the call from its real usage; a key over its budget is refused until
 * the minute rolls over). In Redis when REDIS_URL is set, so every instance shares them.
 * Every answer carries OpenAI's `x-ratelimit-*` headers; a refusal is a 429 with Retry-After.
 */
const limiter = (kind: "rpm" | "tpm", points: number) => limiterFor({ keyPrefix: `rl:gw-${kind}-${points}`, points, duration: 60 });

/** The caller's limit key: the API key's hash, or the user for a session or access token. */
export function limitKey(viewer: Viewer, request: Request) {
  const auth = request.headers.get("authorization") ?? "";
  if (viewer.via === "api_key" && auth.startsWith("Bearer ")) return `key:${createHash("sha256").update(auth.slice(7)).digest("hex").slice(0, 32)}`;
  return `user:${viewer.userId}`;
}

export interface LimitState {
  headers: Record<string, string>;
}

const seconds = (ms: number) => `${Math.max(0, Math.ceil(ms / 1000))}s`;

/** Takes one request point and checks the token budget; 429 (rate_limit_exceeded) when either is spent. */
export async function admit(key: string): Promise<LimitState> {
  const { GATEWAY_RPM: rpm, GATEWAY_TPM: tpm } = gatewayConfig();
  const tokens = await limiter("tpm", tpm).get(key);
  const tokensUsed = tokens?.consumedPoints ?? 0;
  const tokenHeaders = {
    "x-ratelimit-limit-tokens": String(tpm),
    "x-ratelimit-remaining-tokens": String(Math.max(0, tpm - tokensUsed)),
    "x-ratelimit-reset-tokens": seconds(tokens?.msBeforeNext ?? 0),
  };
  if (tokensUsed >= tpm) throw refusal(`Rate limit reached: ${tpm} tokens per minute`, tokens!.msBeforeNext, tokenHeaders, { rpm });
  try {
    const res = await limiter("rpm", rpm).consume(key);
    return {
      headers: {
        "x-ratelimit-limit-requests": String(rpm),
        "x-ratelimit-remaining-requests": String(res.remainingPoints),
        "x-ratelimit-reset-requests": seconds(res.msBeforeNext),
        ...tokenHeaders,
      },
    };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw refusal(`Rate limit reached: ${rpm} requests per minute`, rejection.msBeforeNext, tokenHeaders, {
      rpm,
      reset: rejection.msBeforeNext,
    });
  }
}

function refusal(message: string, msBeforeNext: number, tokenHeaders: Record<string, string>, requests: { rpm: number; reset?: number }) {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError("RATE_LIMITED", `${message}; try again in ${retryAfter} s`, {
    wireCode: "rate_limit_exceeded",
    headers: {
      "Retry-After": String(retryAfter),
      "x-ratelimit-limit-requests": String(requests.rpm),
      ...(requests.reset === undefined ? {} : { "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": seconds(requests.reset) }),
      ...tokenHeaders,
      // Our limit, not a blip: the SDK should report it rather than retry at once.
      "x-should-retry": "false",
    },
  });
}

/** Charges a finished call's tokens to the key's minute. */
export async function chargeTokens(key: string, tokens: number) {
  if (tokens <= 0) return;
  await limiter("tpm", gatewayConfig().GATEWAY_TPM).penalty(key, tokens).catch(() => undefined);
}
