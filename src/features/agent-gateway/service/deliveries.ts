import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import { decryptSecret } from "@/server/crypto/secrets";
import { AppError } from "@/server/errors";
import { consumeOrRefuse } from "@/server/limits";
import type { GatewayDelivery, GatewayDeliveryAttempt, Prisma } from "@/generated/prisma/client";
import { agentGatewayConfig, retryDelayMs } from "../config";
import type { DeliveryDto, SendBody } from "../schemas";
import { emitGatewayEvent } from "./observers";
import { findAgent, isOnline, secretContext } from "./registry";
import { pushOnce, type PushBody, type PushOutcome } from "./webhook";

/** The job that retries a failed delivery (its id is the delivery's id). */
export const DELIVERY_JOB = "agent-gateway-delivery";

type Enqueue = (deliveryId: string) => Promise<unknown>;

interface StoredBody {
  content: unknown[];
  metadata: Record<string, unknown>;
  timestamp: string;
}

const pushBodyOf = (d: GatewayDelivery): PushBody => {
  const body = d.body as unknown as StoredBody;
  return { message_id: d.messageId, conversation_id: d.conversationId, from_agent_id: d.fromAgentId, content: body.content, metadata: body.metadata, timestamp: body.timestamp };
};

const textOf = (content: unknown[]) =>
  content
    .map((part) => (part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : ""))
    .filter(Boolean)
    .join("\n")
    .slice(0, 2000);

/**
 * Stores a message for an online agent of the caller (404 when it is unknown, another owner's,
 * unregistered or offline), ready to push.
 */
export async function createDelivery(db: Db, userId: string, input: SendBody) {
  const target = await findAgent(db, userId, input.to_agent_id).catch(() => null);
  if (!target || !isOnline(target)) throw new AppError("NOT_FOUND", `Agent ${input.to_agent_id} is not online`);
  const body: StoredBody = { content: input.content, metadata: input.metadata, timestamp: new Date().toISOString() };
  return db.gatewayDelivery.create({
    data: {
      userId,
      messageId: `msg-${randomUUID()}`,
      conversationId: input.conversation_id || `conv-${randomUUID()}`,
      fromAgentId: input.from_agent_id,
      toAgentId: input.to_agent_id,
      body: body as unknown as Prisma.InputJsonObject,
    },
  });
}

/**
 * POST /gateway/send: the first push happens in the request (002 answers "sent" or 502 with the
 * reason); a failure is recorded and handed to the retry job, which tries again with backoff.
 */
export async function sendMessage(db: Db, userId: string, input: SendBody, enqueue: Enqueue) {
  // Each send is an outbound push: 429 with Retry-After past the owner's budget (002's rate limit).
  const points = agentGatewayConfig().AGENT_GATEWAY_SENDS_PER_MINUTE;
  await consumeOrRefuse({ keyPrefix: "rl:agent-gateway-send", points, duration: 60 }, userId, "Too many messages sent");
  const delivery = await createDelivery(db, userId, input);
  const outcome = await attempt(db, delivery.id);
  if (!outcome || !outcome.ok) {
    if (outcome?.willRetry) await enqueue(delivery.id);
    throw new AppError("BAD_GATEWAY", outcome?.error ?? "The message could not be delivered", { headers: { "x-atrium-message-id": delivery.messageId } });
  }
  return { message_id: delivery.messageId, conversation_id: delivery.conversationId, status: "sent" as const };
}

/** Stores a message and leaves every push to the job (fan-out to a channel, dispatched tasks). */
export async function queueMessage(db: Db, userId: string, input: SendBody, enqueue: Enqueue) {
  const delivery = await createDelivery(db, userId, input);
  await enqueue(delivery.id);
  return { message_id: delivery.messageId, conversation_id: delivery.conversationId, status: "queued" as const };
}

/**
 * One push of a delivery, as this process: the attempt number is claimed by a compare-and-set on
 * `attempts`, so two processes never push the same try. Records the attempt and the delivery's new
 * state. Null when there is nothing to do (delivered, failed, or the try was taken).
 */
export async function attempt(db: Db, deliveryId: string, signal?: AbortSignal): Promise<(PushOutcome & { willRetry: boolean }) | null> {
  const { AGENT_GATEWAY_MAX_ATTEMPTS: maxAttempts, AGENT_GATEWAY_WEBHOOK_TIMEOUT_MS: timeoutMs } = agentGatewayConfig();
  const delivery = await db.gatewayDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || !["pending", "retrying"].includes(delivery.status)) return null;
  const number = delivery.attempts + 1;
  const claimed = await db.gatewayDelivery.updateMany({ where: { id: deliveryId, attempts: delivery.attempts, status: { in: ["pending", "retrying"] } }, data: { attempts: number } });
  if (claimed.count === 0) return null;
  // The current registration's webhook and secret: an agent that registered again gets its messages at the new ones.
  const target = await db.gatewayAgent.findUnique({ where: { userId_agentId: { userId: delivery.userId, agentId: delivery.toAgentId } } });
  const outcome: PushOutcome =
    !target || target.unregisteredAt
      ? { ok: false, statusCode: null, error: `Agent ${delivery.toAgentId} was unregistered`, durationMs: 0 }
      : await pushOnce(target.webhookUrl, decryptSecret(target.secretEnc, secretContext(target.userId, target.agentId)), pushBodyOf(delivery), number, timeoutMs, signal);
  const willRetry = !outcome.ok && number < maxAttempts && !!target && !target.unregisteredAt;
  await db.$transaction([
    db.gatewayDeliveryAttempt.create({ data: { deliveryId, attempt: number, ok: outcome.ok, statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs } }),
    db.gatewayDelivery.update({
      where: { id: deliveryId },
      data: outcome.ok ? { status: "delivered", deliveredAt: new Date(), lastError: null } : { status: willRetry ? "retrying" : "failed", lastError: outcome.error },
    }),
  ]);
  emitGatewayEvent(db, {
    type: outcome.ok ? "delivered" : "failed",
    userId: delivery.userId,
    messageId: delivery.messageId,
    conversationId: delivery.conversationId,
    fromAgentId: delivery.fromAgentId,
    toAgentId: delivery.toAgentId,
    text: textOf(pushBodyOf(delivery).content),
    attempt: number,
    willRetry,
    statusCode: outcome.statusCode,
    error: outcome.error,
  });
  return { ...outcome, willRetry };
}

/**
 * A delivery whose job ran out of tries without finishing it (its process died each time) would stay
 * `pending`/`retrying` for ever: once it has been quiet longer than every retry could take, it fails.
 */
export async function failAbandonedDeliveries(db: Db) {
  const { AGENT_GATEWAY_MAX_ATTEMPTS: maxAttempts, AGENT_GATEWAY_WEBHOOK_TIMEOUT_MS: timeoutMs } = agentGatewayConfig();
  const quietMs = retryDelayMs(maxAttempts) + timeoutMs + 5 * 60_000;
  const { count } = await db.gatewayDelivery.updateMany({
    where: { status: { in: ["pending", "retrying"] }, updatedAt: { lt: new Date(Date.now() - quietMs) } },
    data: { status: "failed", lastError: "The delivery was interrupted and had no tries left" },
  });
  return count;
}

function attemptDto(a: GatewayDeliveryAttempt) {
  return { attempt: a.attempt, at: a.createdAt.toISOString(), ok: a.ok, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs };
}

export function deliveryDto(d: GatewayDelivery & { tries: GatewayDeliveryAttempt[] }): DeliveryDto {
  return {
    message_id: d.messageId,
    conversation_id: d.conversationId,
    from_agent_id: d.fromAgentId,
    to_agent_id: d.toAgentId,
    status: d.status as DeliveryDto["status"],
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
    attempts: d.tries.map(attemptDto),
  };
}

/** The caller's deliveries, newest first, each with every attempt. */
export async function listDeliveries(db: Db, userId: string, filter: { agent_id?: string; limit: number }) {
  const rows = await db.gatewayDelivery.findMany({
    where: { userId, ...(filter.agent_id ? { toAgentId: filter.agent_id } : {}) },
    orderBy: { createdAt: "desc" },
    take: filter.limit,
    include: { tries: { orderBy: { attempt: "asc" } } },
  });
  const deliveries = rows.map(deliveryDto);
  return { deliveries, total: deliveries.length };
}
