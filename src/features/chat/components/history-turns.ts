import type { Turn } from "./types";

interface StoredMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  tool_calls: Turn["tool_calls"];
  token_usage: { input_tokens: number; output_tokens: number };
  cost_micros?: number;
  status: string;
  finish_reason: string | null;
}

/** chat.history messages as the panel's turns. */
export const turnsOf = (messages: StoredMessage[]): Turn[] =>
  messages.map((m) => ({
    id: m.id,
    role: m.role,
    content: m.content,
    tool_calls: m.tool_calls,
    usage: m.role === "assistant" ? m.token_usage : undefined,
    cost_micros: m.role === "assistant" ? m.cost_micros : undefined,
    status: m.status === "error" || m.status === "aborted" ? m.status : "complete",
    finish_reason: m.finish_reason,
  }));
