import "server-only";
import type { AuthedContext } from "@/server/context";
import { ownAgent } from "@/features/agents/service/access";
import { sessionHistory } from "./sessions";

/**
 * GET /agents/{id}/preview-chat-history: the designer's preview conversation, i.e. the user's most
 * recent chat with this agent, one page at a time (newest page first, messages oldest first).
 */
export async function previewChatHistory(ctx: AuthedContext, id: string, q: { limit: number; before?: string }) {
  await ownAgent(ctx.db, ctx.viewer, id, "view");
  const session = await ctx.db.chatSession.findFirst({
    where: { userId: ctx.viewer.userId, agentId: id },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  if (!session) return { session_id: null, messages: [], has_more: false };
  return { session_id: session.id, ...(await sessionHistory(ctx, { session_id: session.id, limit: q.limit, before: q.before })) };
}
