import "server-only";
import { getEventBus } from "@/server/events";
import { log } from "@/server/log";

/** Every event of a user's mesh goes to one bus stream; `/events` filters it by task or space. */
export const meshStream = (userId: string) => `mesh:${userId}`;

/** Events kept for Last-Event-ID replay per user. */
const RETENTION = 2_000;

/**
 * The event as seed 001 writes it (`{"type": "task.completed", "task_id", ...}`); `task_id` and
 * `space_id` are what `/events?taskId=&spaceId=` filter on.
 */
export interface MeshEvent {
  type: string;
  task_id?: string;
  space_id?: string | null;
  timestamp: number;
  [key: string]: unknown;
}

export async function publishMeshEvent(userId: string, event: { type: string; task_id?: string; space_id?: string | null; [key: string]: unknown }): Promise<string | null> {
  try {
    return await getEventBus().publish(meshStream(userId), event.type, { ...event, timestamp: Date.now() }, { retention: RETENTION });
  } catch (error) {
    // The task's row is the truth; a lost event costs a live view one update, not the task.
    log.error("mesh event not published", { err: error, type: event.type });
    return null;
  }
}

/** Whether a stored event passes a client's `/events` filters. */
export function matchesFilter(data: unknown, filter: { taskId?: string; spaceId?: string }) {
  const event = (data ?? {}) as Partial<MeshEvent>;
  if (filter.taskId && event.task_id !== filter.taskId) return false;
  if (filter.spaceId && event.space_id !== filter.spaceId) return false;
  return true;
}

const globalForClients = globalThis as unknown as { atriumMeshClients?: Map<string, number> };
const clients = (globalForClients.atriumMeshClients ??= new Map<string, number>());

/** `/events` clients of a user connected to this process (what `/broadcast` reports as delivered). */
export const connectedClients = {
  add(userId: string) {
    clients.set(userId, (clients.get(userId) ?? 0) + 1);
  },
  remove(userId: string) {
    const left = (clients.get(userId) ?? 1) - 1;
    if (left <= 0) clients.delete(userId);
    else clients.set(userId, left);
  },
  count: (userId: string) => clients.get(userId) ?? 0,
};
