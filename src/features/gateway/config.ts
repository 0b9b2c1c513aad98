import { z } from "zod";

/**
 * The gateway's knobs, read from the environment on every use (so tests and operators can change
 * them without a restart of the module). Defaults suit one workspace's developers sharing a server.
 * TODO(lead): these belong in src/server/env.ts beside the other limits.
 */
const schema = z.object({
  /** Requests a minute per API key (or per signed-in user without one). */
  GATEWAY_RPM: z.coerce.number().int().min(1).default(600),
  /** Prompt + completion tokens a minute per key. */
  GATEWAY_TPM: z.coerce.number().int().min(1).default(2_000_000),
  /** Consecutive failures that open a provider's circuit. */
  GATEWAY_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long an open circuit refuses calls before one half-open probe is let through. */
  GATEWAY_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(10).default(30_000),
  /** Attempts on one provider for a 429/5xx/network failure before the first byte (1 = no retry). */
  GATEWAY_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(5).default(2),
  /** First backoff; doubles each attempt, with jitter, capped by a provider's Retry-After up to 5 s. */
  GATEWAY_RETRY_BASE_MS: z.coerce.number().int().min(0).default(200),
  /** How long a provider's quota answer is reused. */
  GATEWAY_QUOTA_TTL_MS: z.coerce.number().int().min(0).default(60_000),
});

export type GatewayConfig = z.infer<typeof schema>;

let cached: { source: string; value: GatewayConfig } | undefined;

export function gatewayConfig(): GatewayConfig {
  const source = Object.keys(schema.shape)
    .map((k) => process.env[k] ?? "")
    .join("|");
  if (cached?.source !== source) cached = { source, value: schema.parse(process.env) };
  return cached.value;
}
