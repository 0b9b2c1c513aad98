import "server-only";
import type { Db } from "@/server/db/client";
import { log } from "@/server/log";

/**
 * What happened in the gateway, for whoever draws or records it (the comms layer registers itself;
 * it sits above this domain, which therefore cannot call it). Listeners must not throw into the
 * gateway: a failing one is logged and the gateway goes on.
 */
export type GatewayEvent =
  | { type: "registered" | "unregistered"; userId: string; agentId: string }
  | {
      type: "delivered" | "failed";
      userId: string;
      messageId: string;
      conversationId: string;
      fromAgentId: string;
      toAgentId: string;
      text: string;
      attempt: number;
      /** False when no try is left (the delivery failed for good). */
      willRetry: boolean;
      statusCode: number | null;
      error: string | null;
    };

type Listener = (db: Db, event: GatewayEvent) => Promise<void>;

const globalForObservers = globalThis as unknown as { atriumGatewayObservers?: Map<string, Listener> };
const listeners = (globalForObservers.atriumGatewayObservers ??= new Map<string, Listener>());

/** Registers (or replaces, by `key`) a listener; on globalThis so every bundle of the app shares them. */
export function observeGateway(key: string, listener: Listener) {
  listeners.set(key, listener);
}

export function emitGatewayEvent(db: Db, event: GatewayEvent) {
  for (const listener of listeners.values()) {
    void listener(db, event).catch((error: unknown) => log.error("gateway observer failed", { err: error, type: event.type }));
  }
}
