import "server-only";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import type { historyQuery, sessionQuery, ToolCallRecord } from "../schemas";
import { chainTo } from "./history";

/** The viewer's conversations, latest activity first (optionally of one agent). */
export async function listSessions({ db, viewer }: AuthedContext, q: z.infer<typeof sessionQuery>) {
  const where = { userId: viewer.userId, ...(q.agent_id ? { agentId: q.agent_id } : {}) };
  const [rows, total] = await Promise.all([
    db.chatSession.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size }),
    db.chatSession.count({ where }),
  ]);
  return {
    items: rows.map((s) => ({
      id: s.id,
      agent_id: s.agentId,
      title: s.title,
      head_message_id: s.headMessageId,
      created_at: s.createdAt.toISOString(),
      updated_at: s.updatedAt.toISOString(),
    })),
    total,
    page: q.page,
    page_size: q.page_size,
  };
}

/**
 * One page of a conversation's current branch, oldest first, walking up from the latest message
 * (or from just before `before`): a long conversation loads a page at a time.
 */
export async function sessionHistory({ db, viewer }: AuthedContext, q: z.infer<typeof historyQuery>) {
  const session = await db.chatSession.findFirst({ where: { id: q.session_id, userId: viewer.userId } });
  if (!session) throw notFound("Chat session");
  let from = session.headMessageId;
  if (q.before) {
    const anchor = await db.chatMessage.findFirst({ where: { id: q.before, sessionId: session.id }, select: { parentId: true } });
    if (!anchor) throw notFound("Message");
    from = anchor.parentId;
  }
  if (!from) return { messages: [], has_more: false };
  const chain = await chainTo(db, from, q.limit + 1);
  const hasMore = chain.length > q.limit;
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
        model: row.model,
        status: row.status,
        finish_reason: row.finishReason,
        created_at: row.createdAt.toISOString(),
      };
    }),
  };
}
