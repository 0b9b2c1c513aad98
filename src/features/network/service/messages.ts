import "server-only";
import type { NetworkPeer, NetworkPeerMessage } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { networkRunner } from "./runner";
import { PEER_MESSAGE_JOB } from "../job-names";
import type { PeerMessageDto } from "../schemas";
import { callPeer } from "./link";
import { peerRow, requireAdmin } from "./peers";

export const MESSAGE_PATH = "/api/network/peer/messages";
/** Tries of one delivery (the job's maxAttempts); the last failure marks the message failed. */
export const MESSAGE_ATTEMPTS = 3;
/** The bus stream where messages from peers are announced (comms may show them). */
export const NETWORK_STREAM = "network";

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

export function toMessageDto(row: NetworkPeerMessage): PeerMessageDto {
  return {
    id: row.id,
    direction: row.direction === "in" ? "in" : "out",
    text: row.text,
    status: (["queued", "delivered", "failed", "received"] as const).find((s) => s === row.status) ?? "queued",
    error: row.error,
    created_at: row.createdAt.toISOString(),
    delivered_at: row.deliveredAt?.toISOString() ?? null,
  };
}

/** Stores the message as queued and hands it to the job runner; nothing leaves in the request. */
export async function sendPeerMessage(ctx: AuthedContext, peerId: string, text: string) {
  requireAdmin(ctx);
  const peer = await peerRow(ctx.db, peerId);
  const row = await ctx.db.networkPeerMessage.create({ data: { peerId: peer.id, direction: "out", text, status: "queued" } });
  await (await networkRunner()).enqueue(PEER_MESSAGE_JOB, { message_id: row.id }, { id: row.id });
  return { message_id: row.id, status: "queued" as const };
}

export async function listPeerMessages({ db }: AuthedContext, peerId: string) {
  await peerRow(db, peerId);
  const rows = await db.networkPeerMessage.findMany({ where: { peerId }, orderBy: { createdAt: "desc" }, take: 50 });
  return { messages: rows.map(toMessageDto) };
}

/**
 * The job: one signed POST to the peer. Delivered once it answers `received` (the peer keys the
 * message by its id, so a retry after a lost answer is not counted twice there); the count here
 * moves with the status change, in one transaction, so it too counts once. A failure is retried
 * (the runner's attempts); the last one marks the message failed with the reason.
 */
export async function deliverPeerMessage(db: Db, messageId: string, attempt: number) {
  const message = await db.networkPeerMessage.findUnique({ where: { id: messageId }, include: { peer: true } });
  if (!message || message.status !== "queued") return;
  try {
    await callPeer(db, message.peer, MESSAGE_PATH, { message_id: message.id, text: message.text, sent_at: message.createdAt.toISOString() });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const last = attempt >= MESSAGE_ATTEMPTS;
    await db.networkPeerMessage.updateMany({ where: { id: message.id, status: "queued" }, data: { error: reason, ...(last ? { status: "failed" } : {}) } });
    if (!last) throw error;
    return;
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.networkPeerMessage.updateMany({ where: { id: message.id, status: "queued" }, data: { status: "delivered", error: null, deliveredAt: new Date() } });
    if (count === 1) await tx.networkPeer.update({ where: { id: message.peerId }, data: { messagesOut: { increment: 1 } } });
  });
}

/** A message a peer sent (its signature already checked): stored and counted once per message id. */
export async function receivePeerMessage(db: Db, peer: NetworkPeer, body: { message_id: string; text: string }) {
  try {
    await db.$transaction(async (tx) => {
      await tx.networkPeerMessage.create({ data: { peerId: peer.id, direction: "in", remoteId: body.message_id, text: body.text, status: "received" } });
      await tx.networkPeer.update({ where: { id: peer.id }, data: { messagesIn: { increment: 1 } } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return; // a retry of a message already received
    throw error;
  }
  void getEventBus()
    .publish(NETWORK_STREAM, "peer.message", { peer_id: peer.id, peer_name: peer.name, node_id: peer.remoteNodeId, text: body.text.slice(0, 1000) })
    .catch(() => {});
}
