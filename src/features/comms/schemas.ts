import { z } from "zod";
import { agentId as gatewayAgentId, channelName } from "@/features/agent-gateway/schemas";

/**
 * Seed 000's comms bodies. An address names where a message goes: `agent:<uuid>` (an Atrium agent,
 * which answers), `gateway:<agent_id>` (an agent registered at the agent gateway, pushed to its
 * webhook), `channel:<name>` (every online gateway agent subscribed to the channel).
 */
export const MAX_CONTENT_CHARS = 20_000;

export type Address = { kind: "agent"; id: string } | { kind: "gateway"; id: string } | { kind: "channel"; id: string };

export function parseAddress(value: string): Address | null {
  const [kind, ...rest] = value.split(":");
  const id = rest.join(":");
  if (kind === "agent" && z.uuid().safeParse(id).success) return { kind, id };
  if (kind === "gateway" && gatewayAgentId.safeParse(id).success) return { kind, id };
  if (kind === "channel" && channelName.safeParse(id).success) return { kind, id };
  return null;
}

export const address = z
  .string()
  .trim()
  .max(200)
  .refine((value) => parseAddress(value) !== null, "`to` is agent:<agent uuid>, gateway:<agent_id> or channel:<name>");

/** Who the message is from, as the receiver sees it (a gateway push's from_agent_id). */
const sender = gatewayAgentId.default("system");

export const sendBody = z.object({
  to: address.describe("agent:<uuid> | gateway:<agent_id> | channel:<name>"),
  content: z.string().trim().min(1).max(MAX_CONTENT_CHARS),
  from: sender,
});
export type SendBody = z.output<typeof sendBody>;

export const sendResult = z.object({
  message_id: z.string(),
  to: z.string(),
  status: z.enum(["sent", "queued"]).describe("sent: pushed to a gateway agent's webhook; queued: an Atrium agent answers in the background (its reply is an `agent.reply` event), or a channel's pushes are on their way"),
  conversation_id: z.string().optional(),
  recipients: z.array(z.string()).optional().describe("channel: the gateway agents the message is pushed to"),
});

export type SendResult = z.infer<typeof sendResult>;

export const taskBody = z.object({
  task: z.string().trim().min(1).max(MAX_CONTENT_CHARS),
  capability: z.string().trim().min(1).max(64).optional(),
  from: sender,
});
export type TaskBody = z.output<typeof taskBody>;

export const taskResult = z.object({
  message_id: z.string(),
  dispatched_to: z.string().describe("The address it went to"),
  agent_name: z.string(),
  reason: z.string().describe("Why this agent was chosen"),
  status: z.literal("queued"),
});

export const eventType = z.enum([
  "message.sent",
  "message.delivered",
  "message.failed",
  "agent.reply",
  "agent.error",
  "channel.message",
  "task.dispatched",
  "gateway.registered",
  "gateway.unregistered",
]);
export type CommsEventType = z.infer<typeof eventType>;

export const commsEvent = z.object({
  id: z.string(),
  type: eventType,
  from: z.string(),
  to: z.string(),
  message_id: z.string().nullable(),
  content: z.string(),
  data: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  stream_id: z.string().nullable().describe("Its id on the live stream: pass it as Last-Event-ID to get what came after"),
});
export type CommsEventDto = z.infer<typeof commsEvent>;

export const eventsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const eventList = z.object({ events: z.array(commsEvent), total: z.number().int() });

export const nodeKind = z.enum(["atrium_agent", "gateway_agent", "channel", "peer", "sender"]);
export const topologyNode = z.object({
  id: z.string().describe("Its address: agent:<id>, gateway:<agent_id>, channel:<name>, peer:<id>, sender:<name>"),
  kind: nodeKind,
  label: z.string(),
  online: z.boolean().nullable(),
  detail: z.string(),
});
export const topologyEdge = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.enum(["message", "member"]).describe("message: talked within the window (count = messages); member: a gateway agent subscribed to a channel"),
  count: z.number().int(),
  last_at: z.string().nullable(),
});
export const topology = z.object({
  nodes: z.array(topologyNode),
  edges: z.array(topologyEdge),
  window_hours: z.number().int(),
  generated_at: z.string(),
});
export type Topology = z.infer<typeof topology>;
