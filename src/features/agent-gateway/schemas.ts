import { z } from "zod";

/**
 * Seed 002's agent gateway bodies (snake_case, as 002 writes them), one schema per operation:
 * validation, types and the OpenAPI document.
 */

/** A client-chosen agent id ("my-agent-001"). */
export const agentId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits, and . _ : @ - only");
const shortText = (max: number) => z.string().trim().min(1).max(max);
const channelName = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, and . _ - only");

/** At most 16 KB of JSON: metadata is carried on every push. */
export const metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 16_384, "metadata is at most 16 KB of JSON")
  .default({});

export const MAX_CAPABILITIES = 32;

export const registration = z.object({
  agent_id: agentId,
  agent_name: shortText(200).optional().describe("Defaults to agent_id"),
  agent_type: shortText(50).default("agent"),
  capabilities: z.array(shortText(64)).max(MAX_CAPABILITIES).default([]),
  description: z.string().trim().max(2000).default(""),
  webhook_url: z
    .string()
    .trim()
    .max(2000)
    .url()
    .refine((url) => /^https?:\/\//i.test(url), "Only http and https webhook URLs")
    .describe("Messages for this agent are POSTed here (through Atrium's guarded outbound client: public addresses only unless OUTBOUND_ALLOW_PRIVATE=1)"),
  metadata: metadata.describe("Free-form; `channels` (an array of names) subscribes the agent to comms channels (`channel:<name>`)"),
});
export type Registration = z.output<typeof registration>;

export const registered = z.object({
  status: z.literal("registered"),
  agent_id: z.string(),
  webhook_secret: z.string().describe("The key of the X-Atrium-Signature header on every push to this agent. Shown here only; every registration issues a new one."),
});

export const agentRef = z.object({ agent_id: agentId });
export const ok = z.object({ status: z.literal("ok") });
export const unregistered = z.object({ status: z.literal("unregistered") });

const boolText = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const listQuery = z.object({
  agent_type: shortText(50).optional(),
  online_only: boolText.default(true).describe("Only agents online now (default true)"),
});

export const agentStatus = z.enum(["online", "offline"]);

export const gatewayAgent = z.object({
  agent_id: z.string(),
  agent_name: z.string(),
  agent_type: z.string(),
  capabilities: z.array(z.string()),
  status: agentStatus,
  last_heartbeat: z.string().describe("ISO 8601"),
});
export type GatewayAgentDto = z.infer<typeof gatewayAgent>;

export const agentList = z.object({ agents: z.array(gatewayAgent), total: z.number().int() });

export const statusParams = z.object({ agent_id: agentId });
export const agentStatusBody = z.object({ agent_id: z.string(), status: agentStatus, last_heartbeat: z.string() });

/** One part of a message: 002 shows `{"type": "text", "text": "Hello"}`; other part types pass through. */
export const contentPart = z.looseObject({
  type: z.string().trim().min(1).max(50),
  text: z.string().max(100_000).optional(),
});

export const sendBody = z.object({
  from_agent_id: agentId,
  to_agent_id: agentId,
  conversation_id: z.string().trim().max(200).optional().describe("Generated (conv-…) when empty"),
  content: z.array(contentPart).min(1).max(50).refine((parts) => JSON.stringify(parts).length <= 256_000, "content is at most 256 KB of JSON"),
  metadata,
});
export type SendBody = z.output<typeof sendBody>;

export const sent = z.object({ message_id: z.string(), conversation_id: z.string(), status: z.literal("sent") });

export const health = z.object({
  status: z.literal("running"),
  version: z.string(),
  uptime_seconds: z.number().int(),
  registered_agents: z.number().int().describe("The caller's registered agents (0 without credentials)"),
  online_agents: z.number().int(),
});

export const deliveriesQuery = z.object({
  agent_id: agentId.optional().describe("Only messages to this agent"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const deliveryAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  ok: z.boolean(),
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
});

export const delivery = z.object({
  message_id: z.string(),
  conversation_id: z.string(),
  from_agent_id: z.string(),
  to_agent_id: z.string(),
  status: z.enum(["pending", "retrying", "delivered", "failed"]),
  last_error: z.string().nullable(),
  created_at: z.string(),
  attempts: z.array(deliveryAttempt),
});
export type DeliveryDto = z.infer<typeof delivery>;

export const deliveryList = z.object({ deliveries: z.array(delivery), total: z.number().int() });

export { channelName };
