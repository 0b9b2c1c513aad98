import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import { AppError } from "@/server/errors";
import { answerOnce } from "@/features/chat/service/answer-once";
import { renderTemplate } from "../engine/expressions";
import { NodeError, type NodeExecutor } from "./types";

/**
 * agent: one turn of an Atrium agent (the owner's, or one shared with them at `use`), through chat's
 * answerOnce: the same turn as chat, kept in a chat session of its own. Tools that need a person's
 * approval are not offered: a workflow has its own approval node for that.
 */
export const agentNode: NodeExecutor<"agent"> = async (config, ctx) => {
  const { db, userId } = ctx;
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (!user) throw new NodeError("The workflow's owner no longer exists", false);
  const viewer: Viewer = { userId, role: user.role === "admin" ? "admin" : "user", via: "session" };

  const message = await renderTemplate(config.message, ctx.scope);
  if (!message.trim()) throw new NodeError("The message rendered to nothing", false);
  let answered;
  try {
    answered = await answerOnce({ db, viewer, agentId: config.agent_id, message, titlePrefix: "Workflow step", logLabel: "workflow-agent" }, ctx.signal);
  } catch (error) {
    if (error instanceof AppError) throw new NodeError(error.detail, false);
    throw error;
  }
  const { turn, sessionId } = answered;
  if (turn.status === "aborted") throw Object.assign(new Error("The agent step was cancelled"), { name: "AbortError" });
  if (turn.status !== "complete") throw new NodeError(turn.error ?? "The agent could not answer", true);
  const results = new Map(turn.results.map((r) => [r.id, r.result]));
  return {
    output: {
      text: turn.content,
      usage: turn.usage,
      tool_calls: turn.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments, result: results.get(c.id) ?? null })),
      session_id: sessionId,
      finish_reason: turn.finishReason,
    },
  };
};
