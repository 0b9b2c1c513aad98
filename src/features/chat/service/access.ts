import "server-only";
import type { DbTx } from "@/server/db/client";
import { notFound } from "@/server/errors";

/**
 * A chat session the user owns (optionally with a given agent), else "not found": someone else's
 * session id and an unknown one look the same, so ids do not leak.
 */
export async function ownSession(db: DbTx, userId: string, sessionId: string, agentId?: string | null) {
  const session = await db.chatSession.findFirst({ where: { id: sessionId, userId, ...(agentId !== undefined ? { agentId } : {}) } });
  if (!session) throw notFound("Chat session");
  return session;
}
