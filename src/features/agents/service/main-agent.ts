import "server-only";
import type { AuthedContext } from "@/server/context";
import { sessionHistory } from "@/features/chat/service/sessions";
import { ownAgent } from "./access";
import { toAgentDto, withModel } from "./dto";

/** POST /agents/{id}/create-main-agent: makes this the user's one main agent. */
export async function makeMainAgent({ db, viewer }: AuthedContext, id: string) {
  await ownAgent(db, viewer, id);
  const updated = await db.$transaction(async (tx) => {
    await tx.agent.updateMany({ where: { ownerId: viewer.userId, isMain: true, NOT: { id } }, data: { isMain: false } });
    return tx.agent.update({ where: { id }, data: { isMain: true }, include: withModel });
  });
  return toAgentDto(updated);
}

/**
 * GET /agents/{id}/preview-chat-history: the designer's preview conversation, i.e. the user's most
 * recent chat with this agent, one page at a time (newest page first, messages oldest first).
 */
export async function previewChatHistory(ctx: AuthedContext, id: string, q: { limit: number; before?: string }) {
  await ownAgent(ctx.db, ctx.viewer, id);
  const session = await ctx.db.chatSession.findFirst({
    where: { userId: ctx.viewer.userId, agentId: id },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  if (!session) return { session_id: null, messages: [], has_more: false };
  return { session_id: session.id, ...(await sessionHistory(ctx, { session_id: session.id, limit: q.limit, before: q.before })) };
}
