import type { IncomingMessage, ServerResponse } from "node:http";
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
    const mount = mountFor(req.url ?? "/");
    if (mount) {
      void serveWithFetch(req, res, mount.handle, { light: true });
      return;
    }
    void fallback(req, res);
  };
}
