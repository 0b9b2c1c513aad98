import "server-only";
import { getEventBus } from "@/server/events";
import { log } from "@/server/log";
import type { WireEvent } from "./wire";

/** Each task has its own bus stream; a stream or a resubscribe reads it from its start. */
export const taskStream = (taskId: string) => `a2a-task:${taskId}`;

/** Events a task's stream keeps (its answer is sent in coalesced chunks, so a few hundred at most). */
const RETENTION = 5_000;
/** A finished task's stream is forgotten after this long (GetTask still has the whole task). */
export const ENDED_STREAM_TTL_SECONDS = 3_600;

/** Publishes one A2A stream event (its JSON as A2A 1.0 writes it); the row stays the truth when this fails. */
export async function publishTaskEvent(taskId: string, event: WireEvent, { last = false } = {}): Promise<string | null> {
  const bus = getEventBus();
  try {
    const id = await bus.publish(taskStream(taskId), "statusUpdate" in event ? "status" : "artifact", event, { retention: RETENTION });
    if (last) await bus.expire(taskStream(taskId), ENDED_STREAM_TTL_SECONDS);
    return id;
  } catch (error) {
    log.error("A2A task event not published", { err: error, taskId });
    return null;
  }
}
