/**
 * The security headers on every Atrium response: pages, route handlers (/api/*, /api/v1/*,
 * /api/trpc, /api/docs, /health), static assets and the answers server.ts gives itself.
 *
 * Applied twice, with the same values: next.config.mjs `headers()` puts the fixed set on every path
 * Next serves (so `next dev`/`next start` without server.ts still send them), and server.ts sets
 * them, plus HSTS, on every response before Next or its own request guard answers. HSTS depends on
 * the request (was it TLS?), which next.config's static rules cannot see.
 *
 * Plain JavaScript with a declaration file beside it, because next.config.mjs imports it and
 * Node 20 cannot load TypeScript.
 */

/**
 * The Content-Security-Policy. Next inlines its bootstrap and flight-data scripts, so scripts need
 * 'unsafe-inline' (nonces would force every page to render dynamically); the dev server also evals
 * (React's dev tooling, Turbopack) and talks to its HMR WebSocket. Styles: Tailwind and Radix set
 * style attributes, sonner and Swagger UI inject style elements. Images: avatars are any http(s) URL
 * a user enters (the profile form accepts both), plus data:/blob: URLs (Swagger UI's icons).
 *
 * @param {{ dev: boolean }} options
 */
export function contentSecurityPolicy({ dev }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** One year, subdomains included. Sent only on responses that travelled over TLS. */
export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * The headers every response carries, whatever the request.
 *
 * @param {{ dev: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders({ dev }) {
  return {
    "Content-Security-Policy": contentSecurityPolicy({ dev }),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
  };
}

/**
 * Whether the client reached us over TLS: the socket itself is TLS, or a trusted reverse proxy
 * (TRUST_PROXY=1) says so in X-Forwarded-Proto. With several proxies the first value is the
 * client-facing hop. Without TRUST_PROXY the header is the client's word and is ignored.
 *
 * @param {{ socket?: { encrypted?: boolean } | null, headers: Record<string, string | string[] | undefined> }} req
 * @param {{ trustProxy: boolean }} options
 */
export function servedOverTls(req, { trustProxy }) {
  if (req.socket?.encrypted === true) return true;
  if (!trustProxy) return false;
  const forwarded = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

/**
 * The headers for one response: the fixed set, plus Strict-Transport-Security when the request came
 * over TLS (browsers ignore HSTS on plain http anyway; not sending it keeps the answer honest).
 *
 * @param {{ socket?: { encrypted?: boolean } | null, headers: Record<string, string | string[] | undefined> }} req
 * @param {{ dev: boolean, trustProxy: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeadersFor(req, { dev, trustProxy }) {
  const headers = securityHeaders({ dev });
  if (servedOverTls(req, { trustProxy })) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}

/**
 * next.config.mjs `headers()`: the fixed set on every path.
 *
 * @param {{ dev: boolean }} options
 */
export function nextConfigHeaders({ dev }) {
  return [{ source: "/:path*", headers: Object.entries(securityHeaders({ dev })).map(([key, value]) => ({ key, value })) }];
}
