import "server-only";
import { randomUUID } from "node:crypto";
import { getEventBus } from "@/server/events";
import { accessibleWorkflow } from "../service/access";
import { announce, BEAT_MS, presenceStream, presentUsers, type PresenceEvent } from "./presence";
import type { SocketOpener } from "./upgrade";

/**
 * `/ws/collaboration/{workflow_id}`: for anyone who may view the workflow. Announces the connection,
 * sends `{type: "presence", users}` now and whenever someone comes or goes. The client may send
 * `{"type":"ping"}` (answered `{"type":"pong"}`); anything else is ignored.
 */
export const collaborationSocket: SocketOpener = async (ws, { db, viewer, id }) => {
  await accessibleWorkflow(db, viewer, id, "view");
  const user = await db.user.findUnique({ where: { id: viewer.userId }, select: { username: true } });
  const conn = randomUUID();
  const since = new Date().toISOString();
  const event = (state: PresenceEvent["state"]): PresenceEvent => ({ conn, user_id: viewer.userId, name: user?.username ?? "someone", state, at: new Date().toISOString(), since });
  const abort = new AbortController();
  const send = async () => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: "presence", workflow_id: id, users: await presentUsers(id) }));
  };
  const joinedAt = await announce(id, event("join"));
  const beat = setInterval(() => void announce(id, event("beat")).catch(() => {}), BEAT_MS);
  beat.unref();
  const leave = () => {
    if (abort.signal.aborted) return;
    abort.abort();
    clearInterval(beat);
    void announce(id, event("leave")).catch(() => {});
  };
  ws.on("close", leave);
  ws.on("error", leave);
  ws.on("message", (raw) => {
    try {
      if ((JSON.parse(String(raw)) as { type?: unknown }).type === "ping") ws.send(JSON.stringify({ type: "pong" }));
    } catch {
      // not JSON: ignored
    }
  });
  await send();
  // Beats change nobody's presence: only joins and leaves are worth a new list.
  getEventBus().subscribe(presenceStream(id), joinedAt, (e) => {
    const state = (e.data as PresenceEvent | null)?.state;
    if (state === "join" || state === "leave") void send().catch(() => {});
  }, abort.signal);
};
