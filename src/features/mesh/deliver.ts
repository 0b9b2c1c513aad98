import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { lastEventIdOf, sseResponse } from "@/server/http/sse";
import { listAgents } from "./service/agents";
import { connectedClients, matchesFilter, meshStream } from "./service/events";
import { getTask } from "./service/tasks";

/** Seed 001 sends a `heartbeat` event this often (besides the comment pings that keep proxies open). */
const HEARTBEAT_MS = 30_000;

/**
 * GET /events: the caller's mesh events as seed 001 writes them (`data: {"type": ...}`, no event
 * name, so `EventSource.onmessage` gets them), filtered by `taskId` / `spaceId`. First `connected`,
 * the task's current `task_status` when filtering by task, and `welcome` with the agents (these
 * carry no id); then every stored event after `Last-Event-ID` (each with its bus id), then live
 * ones. Broadcasts reach every client of the user whatever its filter.
 */
export async function streamMeshEvents(db: Db, userId: string, request: Request, filter: { taskId?: string; spaceId?: string }) {
  const current = filter.taskId ? await getTask(db, userId, filter.taskId) : null;
  if (filter.spaceId) {
    const { ownSpace } = await import("./service/spaces");
    await ownSpace(db, userId, filter.spaceId);
  }
  const agents = await listAgents(db, userId);
  const after = lastEventIdOf(request);
  return sseResponse(request, async (send, signal) => {
    connectedClients.add(userId);
    const beat = setInterval(() => send("", { type: "heartbeat", timestamp: Date.now() }), HEARTBEAT_MS);
    try {
      send("", { type: "connected", client_id: randomUUID() });
      if (current) send("", { type: "task_status", task: current });
      send("", { type: "welcome", agents });
      await new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        signal.addEventListener("abort", () => resolve(), { once: true });
        getEventBus().subscribe(
          meshStream(userId),
          after,
          (event) => {
            if (event.type === "broadcast" || matchesFilter(event.data, filter)) send("", event.data, event.id);
          },
          signal,
        );
      });
    } finally {
      clearInterval(beat);
      connectedClients.remove(userId);
    }
  });
}

/** POST /broadcast: an event to every `/events` client of the caller. */
export async function broadcast(userId: string, type: string, data: unknown) {
  const id = await getEventBus().publish(meshStream(userId), "broadcast", { type, data: data ?? null, timestamp: Date.now() }, { retention: 2_000 });
  return { delivered: connectedClients.count(userId), id };
}
