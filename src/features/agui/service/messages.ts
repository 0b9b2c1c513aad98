import "server-only";
import { jsonSchema, tool, type ModelMessage, type ToolSet } from "ai";
import type { Prisma } from "@/generated/prisma/client";
import type { AguiMessageInput, StoredMessage } from "../schemas";
import type { ProducedMessage } from "./translate";

export type MessageRow = {
  messageId: string;
  role: string;
  content: string;
  toolCalls: Prisma.JsonValue | null;
  toolCallId: string | null;
  createdAt: Date;
};

type ToolCallJson = { id: string; type: "function"; function: { name: string; arguments: string } };

/** The text of an AG-UI content (a string, or InputContent parts whose text parts are joined). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: { type?: string; text?: string }) => (part?.type === "text" && typeof part.text === "string" ? part.text : ""))
    .filter(Boolean)
    .join("\n");
}

/** What is stored of a client's message; reasoning and activity messages are not kept (the model is not shown them). */
export function storableOf(message: AguiMessageInput): Omit<ProducedMessage, "role"> & { role: StoredMessage["role"] } | null {
  switch (message.role) {
    case "user":
    case "system":
    case "developer":
      return { messageId: message.id, role: message.role, content: textOf(message.content) };
    case "assistant":
      return {
        messageId: message.id,
        role: "assistant",
        content: message.content ?? "",
        ...(message.toolCalls?.length ? { toolCalls: message.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: c.function })) } : {}),
      };
    case "tool":
      return { messageId: message.id, role: "tool", content: message.error ? JSON.stringify({ error: message.error }) : textOf(message.content), toolCallId: message.toolCallId };
    default:
      return null;
  }
}

/** A stored row as AG-UI shapes a message (what the history answers). */
export function storedMessageOf(row: MessageRow): StoredMessage {
  const calls = (row.toolCalls as ToolCallJson[] | null) ?? [];
  return {
    id: row.messageId,
    role: row.role as StoredMessage["role"],
    content: row.content,
    ...(calls.length ? { toolCalls: calls } : {}),
    ...(row.toolCallId ? { toolCallId: row.toolCallId } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

const parseArguments = (text: string): unknown => {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return { raw: text };
  }
};

/** Said to the model for a tool call the client never answered (a provider refuses a call without a result). */
export const NO_RESULT = JSON.stringify({ error: "The client sent no result for this call" });

/**
 * The thread as the model reads it: system and developer messages become system messages, tool
 * messages results of the calls they answer. A call left without a result (the client went on with a
 * new message instead) gets NO_RESULT right after the results that did come, because providers refuse a
 * conversation with an unanswered call.
 */
export function toModelMessages(rows: MessageRow[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  const names = new Map<string, string>();
  let open: string[] = [];
  const closeOpen = () => {
    if (open.length) out.push({ role: "tool", content: open.map((id) => ({ type: "tool-result" as const, toolCallId: id, toolName: names.get(id) ?? "unknown", output: { type: "text" as const, value: NO_RESULT } })) });
    open = [];
  };
  for (const row of rows) {
    if (row.role !== "tool") closeOpen();
    switch (row.role) {
      case "user":
        out.push({ role: "user", content: row.content });
        break;
      case "system":
      case "developer":
        out.push({ role: "system", content: row.content });
        break;
      case "assistant": {
        const calls = (row.toolCalls as ToolCallJson[] | null) ?? [];
        if (!calls.length) {
          if (row.content) out.push({ role: "assistant", content: row.content });
          break;
        }
        for (const call of calls) names.set(call.id, call.function.name);
        open = calls.map((c) => c.id);
        out.push({
          role: "assistant",
          content: [
            ...(row.content ? [{ type: "text" as const, text: row.content }] : []),
            ...calls.map((c) => ({ type: "tool-call" as const, toolCallId: c.id, toolName: c.function.name, input: parseArguments(c.function.arguments) })),
          ],
        });
        break;
      }
      case "tool": {
        if (!row.toolCallId || !open.includes(row.toolCallId)) break;
        open = open.filter((id) => id !== row.toolCallId);
        out.push({ role: "tool", content: [{ type: "tool-result", toolCallId: row.toolCallId, toolName: names.get(row.toolCallId) ?? "unknown", output: { type: "text", value: row.content } }] });
        break;
      }
    }
  }
  closeOpen();
  return out;
}

/**
 * The client's tools as AI SDK tools without `execute`: when the model calls one, the step ends with
 * the call and nothing runs here; the run pauses until the client sends the result.
 */
export function frontendTools(tools: { name: string; description: string; parameters?: unknown }[]): ToolSet {
  const set: ToolSet = {};
  for (const t of tools) {
    const parameters = t.parameters && typeof t.parameters === "object" ? (t.parameters as Record<string, unknown>) : {};
    set[t.name] = tool({ description: t.description, inputSchema: jsonSchema({ type: "object", ...parameters }) });
  }
  return set;
}
