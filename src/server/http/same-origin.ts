import { env, trustsProxy } from "../env";
import { AppError } from "../errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie sessions. A browser attaches Atrium's session cookie to requests that
 * other sites make it send (forms, fetch with credentials), so a state-changing request that rides
 * on a cookie must come from Atrium's own pages. Modern browsers say where a request comes from in
 * `Sec-Fetch-Site` and `Origin`; either naming another site is refused. Requests with an
 * Authorization header (Bearer tokens, API keys) are not at risk: no other site can make a browser
 * add one. A cookie request with neither header is not from a browser that could be tricked.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  if (request.headers.has("authorization") || !request.headers.has("cookie")) return;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin") throw crossSite();
  const origin = request.headers.get("origin");
  if (origin !== null && !isOwnOrigin(origin, request)) throw crossSite();
}

const crossSite = () =>
  new AppError("FORBIDDEN", "Cross-site request refused: state-changing requests with a session cookie must come from Atrium's own pages");

/** Whether an Origin header names this server: PUBLIC_URL's origin, or the host the browser asked for. */
function isOwnOrigin(origin: string, request: Request): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage are never ours.
  }
  const configured = env().PUBLIC_URL;
  if (configured && new URL(configured).origin === parsed.origin) return true;
  const host = (trustsProxy() && request.headers.get("x-forwarded-host")?.split(",")[0]?.trim()) || request.headers.get("host");
  return host !== null && parsed.host === host.toLowerCase();
}
