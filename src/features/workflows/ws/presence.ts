import "server-only";
import { getEventBus } from "@/server/events";

/**
 * Who has a workflow open, shared by every process through the event bus: each editor connection
 * announces itself (join), says it is still there every BEAT_MS (beat) and leaves (leave). A
 * connection whose process died stops beating and drops out after STALE_MS.
 */
export const BEAT_MS = 20_000;
const STALE_MS = 45_000;
const RETENTION = 500;

export const presenceStream = (workflowId: string) => `workflow-presence:${workflowId}`;

export interface PresenceEvent {
  conn: string;
  user_id: string;
  name: string;
  state: "join" | "beat" | "leave";
  at: string;
  /** When the connection joined. */
  since: string;
}

export function announce(workflowId: string, event: PresenceEvent) {
  return getEventBus().publish(presenceStream(workflowId), "presence", event, { retention: RETENTION });
}

/** The users with a live connection to the workflow (one entry per user, from their earliest connection). */
export async function presentUsers(workflowId: string, now = Date.now()) {
  const events = await getEventBus().readAfter(presenceStream(workflowId), undefined, RETENTION);
  const last = new Map<string, PresenceEvent>();
  for (const e of events) {
    const data = e.data as PresenceEvent;
    if (data && typeof data.conn === "string") last.set(data.conn, data);
  }
  const users = new Map<string, { user_id: string; name: string; since: string }>();
  for (const e of last.values()) {
    if (e.state === "leave" || now - Date.parse(e.at) > STALE_MS) continue;
    const seen = users.get(e.user_id);
    if (!seen || e.since < seen.since) users.set(e.user_id, { user_id: e.user_id, name: e.name, since: e.since });
  }
  return [...users.values()].sort((a, b) => a.since.localeCompare(b.since));
}
