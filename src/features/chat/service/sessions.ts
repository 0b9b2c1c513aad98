import "server-only";
import { ownSession } from "./access";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import type { historyQuery, sessionQuery } from "../schemas";
import { historyPage } from "./history";

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
  const session = await ownSession(db, viewer.userId, q.session_id);
  let from = session.headMessageId;
  if (q.before) {
    const anchor = await db.chatMessage.findFirst({ where: { id: q.before, sessionId: session.id }, select: { parentId: true } });
    if (!anchor) throw notFound("Message");
    from = anchor.parentId;
  }
  return historyPage(db, from, q.limit);
}
