import "server-only";
import { randomUUID } from "node:crypto";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ownAgent } from "@/features/agents/service/access";
import { queueMessage, sendMessage } from "@/features/agent-gateway/service/deliveries";
import { onlineWhere } from "@/features/agent-gateway/service/registry";
import { enqueueDelivery } from "@/features/agent-gateway/service/runner";
import { parseAddress, type SendBody, type SendResult } from "../schemas";
import { AGENT_REPLY_JOB } from "../runs/reply";
import { runnerForComms } from "../runs/runner";
import { recordEvent } from "./events";

/** A channel reaches at most this many subscribed agents. */
const MAX_CHANNEL_RECIPIENTS = 100;

const text = (content: string) => [{ type: "text", text: content }];

/** An Atrium agent (the caller's, or shared with them at `use`) answers in a job; the reply is an `agent.reply` event. */
export async function sendToAtriumAgent(db: Db, viewer: Viewer, agentId: string, content: string, from: string, extra: Record<string, unknown> = {}) {
  await ownAgent(db, viewer, agentId, "use");
  const messageId = `msg-${randomUUID()}`;
  const to = `agent:${agentId}`;
  await recordEvent(db, viewer.userId, { type: "message.sent", from, to, messageId, content, data: extra });
  const runner = await runnerForComms();
  await runner.enqueue(AGENT_REPLY_JOB, { user_id: viewer.userId, agent_id: agentId, message_id: messageId, from, content }, { id: randomUUID() });
  return { message_id: messageId, to, status: "queued" as const };
}

/**
 * POST /api/comms/send. `gateway:` is the agent gateway's send (pushed now: 404 offline, 502 failed);
 * `channel:<name>` records the message and pushes it (as jobs, from_agent_id `channel:<name>`) to every
 * online gateway agent whose registration lists the channel in `metadata.channels`.
 */
export async function sendComms(db: Db, viewer: Viewer, body: SendBody): Promise<SendResult> {
  const to = parseAddress(body.to);
  if (!to) throw new AppError("VALIDATION_ERROR", "`to` is agent:<agent uuid>, gateway:<agent_id> or channel:<name>", { issues: [{ path: "to", message: "unknown address" }] });
  if (to.kind === "agent") return sendToAtriumAgent(db, viewer, to.id, body.content, body.from);
  if (to.kind === "gateway") {
    const sent = await sendMessage(db, viewer.userId, { from_agent_id: body.from, to_agent_id: to.id, content: text(body.content), metadata: { via: "comms" } }, enqueueDelivery);
    return { message_id: sent.message_id, to: body.to, status: "sent" as const, conversation_id: sent.conversation_id };
  }
  const members = await db.gatewayAgent.findMany({
    where: { ...onlineWhere(viewer.userId), channels: { has: to.id } },
    select: { agentId: true },
    orderBy: { agentId: "asc" },
    take: MAX_CHANNEL_RECIPIENTS,
  });
  const messageId = `msg-${randomUUID()}`;
  const recipients = members.map((m) => m.agentId);
  await recordEvent(db, viewer.userId, { type: "channel.message", from: body.from, to: body.to, messageId, content: body.content, data: { recipients } });
  for (const agentId of recipients) {
    await queueMessage(db, viewer.userId, { from_agent_id: body.to, to_agent_id: agentId, conversation_id: messageId, content: text(body.content), metadata: { channel: to.id, sender: body.from, channel_message_id: messageId } }, enqueueDelivery);
  }
  return { message_id: messageId, to: body.to, status: "queued" as const, recipients };
}
