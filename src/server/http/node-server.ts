import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { recordClient } from "./client-ip";
import { serveWithFetch } from "./node-bridge";
import { refuseMalformedRequest } from "./request-guard";
import { mountFinder, type Mount } from "./surfaces/mount-finder";
import { securityHeaders, servedOverTls, HSTS } from "./security-headers.mjs";

export interface RequestListenerOptions {
  dev: boolean;
  trustProxy: boolean;
  /** Path prefix -> fetch-style handler, answered here without Next (see surfaces/mounts.ts). */
  mounts: Mount[];
  /** Everything else (pages, tRPC, next-auth, static assets): Next's request handler. */
  fallback: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

/**
 * server.ts's request handling, in the order every request meets it: record the client (address, proxy
 * headers), set the security headers, refuse malformed requests, then an API mount straight to its
 * route table, or else Next. The benchmark runs this same function.
 */
export function createRequestListener({ dev, trustProxy, mounts, fallback }: RequestListenerOptions) {
  const fixed = Object.entries(securityHeaders({ dev }));
  const mountFor = mountFinder(mounts);

  return (req: IncomingMessage, res: ServerResponse) => {
    // Never trust client-sent values of our internal headers.
    recordClient(req);
    // CSP and friends on every response, including ones answered before Next; HSTS when over TLS.
    for (const [name, value] of fixed) res.setHeader(name, value);
    if (servedOverTls(req, { trustProxy })) res.setHeader("Strict-Transport-Security", HSTS);
    if (refuseMalformedRequest(req, res)) return;
    const mount = mountFor(req.url ?? "/", (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value;
    });
    if (mount) {
      void serveWithFetch(req, res, mount.handle, { light: true });
      return;
    }
    void fallback(req, res);
  };
}

/** Answers an upgrade request it recognises (true), or leaves it alone (false). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/**
 * server.ts's WebSocket upgrades: the client recorded as for requests, then the first handler that
 * claims the path (the workflow sockets under /ws/); anything else goes to `fallback` (Next's own
 * upgrades in development, for hot reload) or is closed.
 */
export function createUpgradeListener(handlers: UpgradeHandler[], fallback?: (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    recordClient(req);
    for (const handle of handlers) if (handle(req, socket, head)) return;
    if (fallback) void fallback(req, socket, head);
    else socket.destroy();
  };
}
