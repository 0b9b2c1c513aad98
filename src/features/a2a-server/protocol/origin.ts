import "server-only";
import { env, trustsProxy } from "@/server/env";

/**
 * The absolute origin clients reach this server at, for the cards' URLs: PUBLIC_URL when set; else
 * the request's own host, or the proxy's X-Forwarded-Host/-Proto when TRUST_PROXY says they are true.
 */
export function publicOriginOf(request: Request) {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(request.url);
  if (trustsProxy()) {
    const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
    if (host && /^[a-z0-9.\-[\]:]+$/i.test(host)) return `${proto === "https" ? "https" : proto === "http" ? "http" : url.protocol.slice(0, -1)}://${host}`;
  }
  return url.origin;
}
