import "server-only";
import { CLIENT_IP_HEADER } from "@/server/http/client-ip";
import { isDevMode } from "@/server/env";

/** Headers that say a proxy stood between the client and us: its socket address is not the client's. */
const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"];

/**
 * Whether this request may read the dev outbox. Mailed codes are secrets (a recovery code is an
 * account), so only a developer on the server's own machine may read them: development mode, a
 * loopback socket address (set by server.ts, never by the client), and no sign of a proxy, because
 * a reverse proxy on the same machine would make every remote visitor look local. Everyone else can
 * still read codes where they are meant to arrive: their mailbox, or the server's console.
 */
export function canReadOutbox(headers: Headers): boolean {
  if (!isDevMode()) return false;
  if (PROXY_HEADERS.some((name) => headers.has(name))) return false;
  return isLoopback(headers.get(CLIENT_IP_HEADER) ?? "");
}

export function isLoopback(address: string): boolean {
  const ip = address.replace(/^::ffff:/i, "");
  return ip === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}
