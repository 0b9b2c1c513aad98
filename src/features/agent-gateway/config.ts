import { z } from "zod";

/**
 * The agent gateway's settings (README "Configuration"), read on every call so tests can shorten them:
 * - AGENT_GATEWAY_HEARTBEAT_TIMEOUT_MS: an agent is offline this long after its last heartbeat or
 *   registration (seed 002's heartbeat_timeout, default 60 000 = 60 s).
 * - AGENT_GATEWAY_WEBHOOK_TIMEOUT_MS: one webhook push may take this long (002's webhook_timeout, default 10 000).
 * - AGENT_GATEWAY_MAX_ATTEMPTS: pushes of one message in all, the first included (default 4).
 * - AGENT_GATEWAY_RETRY_BASE_MS: wait before the first retry; each later one waits 4× longer (default 2 000: 2 s, 8 s, 32 s).
 * - AGENT_GATEWAY_SENDS_PER_MINUTE: POST /gateway/send calls a minute per owner, each a webhook push
 *   (002's 429; default 600).
 */
const schema = z.object({
  AGENT_GATEWAY_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  AGENT_GATEWAY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  AGENT_GATEWAY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  AGENT_GATEWAY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(2_000),
  AGENT_GATEWAY_SENDS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
});

export type AgentGatewayConfig = z.infer<typeof schema>;

export function agentGatewayConfig(): AgentGatewayConfig {
  const raw = Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid agent gateway setting: ${parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** The wait before retry number `retry` (1 = the second attempt). */
export const retryDelayMs = (retry: number, base = agentGatewayConfig().AGENT_GATEWAY_RETRY_BASE_MS) => base * 4 ** (retry - 1);
