import "server-only";
import { observeGateway, type GatewayEvent } from "@/features/agent-gateway/service/observers";
import type { Db } from "@/server/db/client";
import { recordEvent } from "./events";

/**
 * Records the agent gateway's deliveries and registrations as comms events (the gateway sits below
 * comms and cannot call it). Called when comms' routes load and when its jobs are registered, so every
 * process that can send or retry a delivery records it.
 */
export function observeGatewayDeliveries() {
  observeGateway("comms", async (db, event) => {
    if (event.type === "registered" || event.type === "unregistered") {
      await recordEvent(db, event.userId, { type: event.type === "registered" ? "gateway.registered" : "gateway.unregistered", from: `gateway:${event.agentId}`, to: `gateway:${event.agentId}` });
      return;
    }
    await recordDelivery(db, event as Delivery); // the only other kinds
  });
}

type Delivery = Extract<GatewayEvent, { type: "delivered" | "failed" }>;

async function recordDelivery(db: Db, event: Delivery) {
  await recordEvent(db, event.userId, {
    type: event.type === "delivered" ? "message.delivered" : "message.failed",
    from: event.fromAgentId,
    to: `gateway:${event.toAgentId}`,
    messageId: event.messageId,
    content: event.text,
    data: { conversation_id: event.conversationId, attempt: event.attempt, status_code: event.statusCode, ...(event.error ? { error: event.error, will_retry: event.willRetry } : {}) },
  });
}
