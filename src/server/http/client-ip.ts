import type { IncomingMessage } from "node:http";

/** Set by server.ts from the socket address; any client-sent value is overwritten there. */
export const CLIENT_IP_HEADER = "x-atrium-client-ip";

/**
 * "1" when the request arrived with proxy headers (Forwarded, X-Forwarded-For, X-Real-IP), i.e. the
 * socket address may be a proxy's, not the client's. Recorded by server.ts before Next runs, because
 * Next adds X-Forwarded-For to every request itself.
 */
export const CLIENT_PROXIED_HEADER = "x-atrium-client-proxied";

const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"];

/** Writes what the socket says about the client into our internal headers, overwriting client values. */
export function recordClient(req: IncomingMessage) {
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
  req.headers[CLIENT_PROXIED_HEADER] = PROXY_HEADERS.some((name) => req.headers[name] !== undefined) ? "1" : "0";
}
