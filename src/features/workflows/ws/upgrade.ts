import "server-only";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { authenticate } from "@/server/auth/authenticate";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { collaborationSocket } from "./collaboration";
import { executionSocket } from "./executions";

/**
 * The workflow WebSockets: `/ws/executions/{run_id}` (a run's live events) and
 * `/ws/collaboration/{workflow_id}` (who has the workflow open). Authenticated like the API (the
 * browser's session cookie, `Authorization: Bearer`, or `?token=` with an access token or API key,
 * since browsers cannot set headers on a WebSocket); a cookie is only taken from the app's own
 * origin, so another site cannot open a socket with a visitor's session.
 */
const PATHS = [
  { pattern: /^\/ws\/executions\/([0-9a-f-]{36})$/i, open: executionSocket },
  { pattern: /^\/ws\/collaboration\/([0-9a-f-]{36})$/i, open: collaborationSocket },
];

export type SocketOpener = (socket: WebSocket, args: { db: Db; viewer: Viewer; id: string; url: URL }) => Promise<void>;

const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

/** Open workflow sockets one user may hold in this process (each tab's editor and run views). */
export const MAX_SOCKETS_PER_USER = 30;
const openSockets = new Map<string, number>();

/** True when the request was a workflow socket (answered, upgraded or refused); false: someone else's upgrade. */
export function handleWorkflowUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, getDb: () => Db): boolean {
  const url = new URL(req.url ?? "/", "http://localhost");
  const target = PATHS.map((p) => ({ p, m: p.pattern.exec(url.pathname) })).find((x) => x.m);
  if (!url.pathname.startsWith("/ws/")) return false;
  if (!target?.m) {
    refuse(socket, 404, "Not Found");
    return true;
  }
  const id = target.m[1].toLowerCase();
  void (async () => {
    const db = getDb();
    const viewer = await viewerOf(db, req, url);
    if (!viewer) return refuse(socket, 401, "Unauthorized");
    const held = openSockets.get(viewer.userId) ?? 0;
    if (held >= MAX_SOCKETS_PER_USER) return refuse(socket, 429, "Too Many Requests");
    wss.handleUpgrade(req, socket, head, (ws) => {
      openSockets.set(viewer.userId, (openSockets.get(viewer.userId) ?? 0) + 1);
      ws.once("close", () => {
        const left = (openSockets.get(viewer.userId) ?? 1) - 1;
        if (left > 0) openSockets.set(viewer.userId, left);
        else openSockets.delete(viewer.userId);
      });
      target.p.open(ws, { db, viewer, id, url }).catch((error: unknown) => {
        const code = error instanceof AppError && error.status < 500 ? 4000 + error.status : 1011;
        if (!(error instanceof AppError)) log.error("workflow socket failed", { err: error });
        ws.close(code, error instanceof AppError ? error.detail.slice(0, 120) : "Internal error");
      });
    });
  })().catch((error: unknown) => {
    log.error("workflow socket upgrade failed", { err: error });
    refuse(socket, 500, "Internal Server Error");
  });
  return true;
}

async function viewerOf(db: Db, req: IncomingMessage, url: URL): Promise<Viewer | null> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(", "));
  }
  const token = url.searchParams.get("token");
  if (token) {
    headers.set("authorization", `Bearer ${token}`);
    headers.delete("cookie");
  } else if (!headers.get("authorization")) {
    const origin = headers.get("origin");
    if (origin && hostOf(origin) !== headers.get("host")) return null;
  }
  return authenticate(db, new Request(`http://${headers.get("host") ?? "localhost"}${url.pathname}`, { headers }));
}

function hostOf(origin: string) {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function refuse(socket: Duplex, status: number, text: string) {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
