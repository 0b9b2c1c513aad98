import "server-only";
import type { ModelMessage } from "ai";
import type { DbTx } from "@/server/db/client";
import type { ToolCallRecord } from "../schemas";

export interface ChainRow {
  id: string;
  parent_id: string | null;
  role: string;
  content: string;
  status: string;
  depth: number;
}

/**
 * The branch ending at `headId`, oldest first, at most `limit` messages: one recursive query up the
 * parent links, so a long conversation is never loaded whole.
 */
export async function chainTo(db: DbTx, headId: string, limit: number): Promise<ChainRow[]> {
  const rows = await db.$queryRaw<ChainRow[]>`
    WITH RECURSIVE chain AS (
      SELECT id, parent_id, role, content, status, 1 AS depth FROM chat_messages WHERE id = ${headId}::uuid
      UNION ALL
      SELECT m.id, m.parent_id, m.role, m.content, m.status, c.depth + 1
      FROM chat_messages m JOIN chain c ON m.id = c.parent_id
      WHERE c.depth < ${limit}
    )
    SELECT id::text AS id, parent_id::text AS parent_id, role, content, status, depth FROM chain ORDER BY depth DESC`;
  return rows.map((r) => ({ ...r, depth: Number(r.depth) }));
}

/** What the model sees of the conversation: the text of each turn (failed, empty replies left out). */
export function toModelMessages(chain: ChainRow[]): ModelMessage[] {
  return chain
    .filter((m) => m.content.trim() !== "" && (m.role === "user" || m.role === "assistant"))
    .map((m) => (m.role === "user" ? { role: "user" as const, content: m.content } : { role: "assistant" as const, content: m.content }));
}

/**
 * One page of a branch for clients: the `limit` messages ending at `from` (the newest first page
 * when `from` is the head), oldest first, with their tool calls, usage and cost.
 */
export async function historyPage(db: DbTx, from: string | null, limit: number) {
  if (!from) return { messages: [], has_more: false };
  const chain = await chainTo(db, from, limit + 1);
  const hasMore = chain.length > limit;
  const page = hasMore ? chain.slice(1) : chain;
  const rows = await db.chatMessage.findMany({ where: { id: { in: page.map((m) => m.id) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    has_more: hasMore,
    messages: page.map((m) => {
      const row = byId.get(m.id)!;
      const results = new Map(((row.toolResults ?? []) as { id: string; result: unknown }[]).map((r) => [r.id, r.result]));
      return {
        id: row.id,
        parent_id: row.parentId,
        role: row.role as "user" | "assistant",
        content: row.content,
        tool_calls: ((row.toolCalls ?? []) as ToolCallRecord[]).map((c) => ({ ...c, result: results.get(c.id) })),
        token_usage: { input_tokens: row.inputTokens, output_tokens: row.outputTokens },
        cost_micros: row.costMicros,
        model: row.model,
        status: row.status,
        finish_reason: row.finishReason,
        created_at: row.createdAt.toISOString(),
      };
    }),
  };
}
