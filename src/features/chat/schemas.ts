import { z } from "zod";
import { pageQuery } from "@/features/models/schemas";

/** Every request that starts an agent run may ask it to outlive its client. */
export const continueOnDisconnect = z
  .boolean()
  .default(false)
  .describe(
    "Keep the run going when the client disconnects (default false: closing the stream, or the request, cancels it). The run's events stay readable at GET /api/v1/agent-runs/{run_id}/events (the run id is in the `X-Run-Id` header), and the reply is stored in the history either way.",
  );

export const chatRequest = z.object({
  message: z.string().trim().min(1, "Write a message").max(32_000),
  /** Continue this conversation (from its latest message); absent: start a new one. */
  session_id: z.uuid({ message: "Not a valid session id" }).optional(),
  /** Leave tool traffic out: no tool_call / tool_result events, empty `tool_calls` in the reply. */
  streamlined: z.boolean().default(false),
  continue_on_disconnect: continueOnDisconnect,
});

export const tokenUsage = z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() });

export const toolCallRecord = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.unknown(),
  result: z.unknown().optional(),
});

/** Why the reply ended: `stop` (answered), `iteration_limit` (still calling tools when the limit hit), `length` ... */
export const finishReason = z.string();

export const chatReply = z.object({
  session_id: z.string(),
  message_id: z.string(),
  content: z.string(),
  tool_calls: z.array(toolCallRecord),
  token_usage: tokenUsage,
  /** What the reply cost in micro-dollars, from your price table (0 for the built-in model). */
  cost_micros: z.number().int(),
  finish_reason: finishReason,
});

/** The SSE events of the /stream endpoints, exactly as seed 004 names them. */
export const sseEvents = {
  token: z.object({ content: z.string() }),
  tool_call: z.object({ id: z.string(), name: z.string(), arguments: z.unknown() }),
  tool_result: z.object({ id: z.string(), name: z.string(), result: z.unknown() }),
  done: z.object({ session_id: z.string(), message_id: z.string(), token_usage: tokenUsage, cost_micros: z.number().int(), finish_reason: finishReason }),
  error: z.object({ message: z.string() }),
  /** A tool call flagged as needing approval: the run waits (status waiting) until its owner decides. */
  approval_required: z.object({ approval_id: z.string(), tool_call_id: z.string(), tool: z.string(), arguments: z.unknown(), description: z.string() }),
  /** The decision arrived (after a restart too): the run goes on, or says why not. */
  approval_resolved: z.object({ approval_id: z.string(), status: z.enum(["approved", "rejected", "expired", "pending"]), tool_call_id: z.string(), tool: z.string() }),
};

export const agentIdParam = z.object({ agent_id: z.uuid({ message: "Not a valid agent id" }) });

export const sessionQuery = pageQuery.extend({ agent_id: z.uuid().optional() });
export const session = z.object({
  id: z.string(),
  agent_id: z.string().nullable(),
  title: z.string(),
  head_message_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const historyQuery = z.object({
  session_id: z.uuid(),
  /** Page backwards: the messages before this one on its branch (default: from the latest). */
  before: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(30),
});
export const chatMessage = z.object({
  id: z.string(),
  parent_id: z.string().nullable(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  tool_calls: z.array(toolCallRecord),
  token_usage: tokenUsage,
  cost_micros: z.number().int(),
  model: z.string().nullable(),
  status: z.string(),
  finish_reason: z.string().nullable(),
  created_at: z.string(),
});

export type ChatRequest = z.infer<typeof chatRequest>;
export type ChatReply = z.infer<typeof chatReply>;
export type ToolCallRecord = z.infer<typeof toolCallRecord>;

/** GET /agents/{id}/preview-chat-history: a page of the latest conversation with one agent. */
export const previewQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  before: z.uuid().optional(),
});
