import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { answerOnce } from "@/features/chat/service/answer-once";
import { recordEvent } from "../service/events";

/** The job in which an Atrium agent answers a comms message (its id is the message's). */
export const AGENT_REPLY_JOB = "comms-agent-reply";

export interface AgentReplyPayload {
  user_id: string;
  agent_id: string;
  message_id: string;
  from: string;
  content: string;
}

/**
 * An Atrium agent answers one comms message through chat's answerOnce (its model, tools, metering; the
 * exchange kept as a chat session "Comms: <agent>"); the reply, or why there is none, becomes an event
 * addressed back to the sender. Run again after its process died, it answers only if no reply was recorded.
 */
export async function replyAsAgent(payload: AgentReplyPayload, signal: AbortSignal) {
  const db = getDb();
  const agentAddress = `agent:${payload.agent_id}`;
  const done = await db.commsEvent.count({ where: { userId: payload.user_id, messageId: payload.message_id, type: { in: ["agent.reply", "agent.error"] } } });
  if (done > 0) return;
  const user = await db.user.findUnique({ where: { id: payload.user_id }, select: { role: true } });
  if (!user) return;
  const viewer: Viewer = { userId: payload.user_id, role: user.role === "admin" ? "admin" : "user", via: "session" };
  try {
    const { turn, sessionId } = await answerOnce({ db, viewer, agentId: payload.agent_id, message: payload.content, titlePrefix: "Comms", logLabel: "comms-reply" }, signal);
    if (signal.aborted) return; // this process stops: the job runs again elsewhere or after the restart
    if (turn.status === "complete") {
      await recordEvent(db, payload.user_id, { type: "agent.reply", from: agentAddress, to: payload.from, messageId: payload.message_id, content: turn.content, data: { in_reply_to: payload.message_id, session_id: sessionId } });
    } else {
      await recordEvent(db, payload.user_id, { type: "agent.error", from: agentAddress, to: payload.from, messageId: payload.message_id, content: turn.error ?? `The agent did not answer (${turn.status})`, data: { in_reply_to: payload.message_id } });
    }
  } catch (error) {
    if (signal.aborted) return;
    const reason = error instanceof AppError ? error.detail : "The agent could not answer";
    if (!(error instanceof AppError)) log.error("comms reply failed", { err: error });
    await recordEvent(db, payload.user_id, { type: "agent.error", from: agentAddress, to: payload.from, messageId: payload.message_id, content: reason, data: { in_reply_to: payload.message_id } });
  }
}
