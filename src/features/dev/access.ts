import "server-only";
import ipaddr from "ipaddr.js";
import { CLIENT_IP_HEADER, CLIENT_PROXIED_HEADER } from "@/server/http/client-ip";
import { isDevMode } from "@/server/env";

/**
 * Whether this request may read the dev outbox. Mailed codes are secrets (a recovery code is an
 * account), so only a developer on the server's own machine may read them: development mode, a
 * loopback socket address and no sign of a proxy (both recorded by server.ts, never taken from the
 * client), because a reverse proxy on the same machine would make every remote visitor look local. Everyone else can
 * still read codes where they are meant to arrive: their mailbox, or the server's console.
 */
export function canReadOutbox(headers: Headers): boolean {
  if (!isDevMode()) return false;
  if (headers.get(CLIENT_PROXIED_HEADER) !== "0") return false;
  return isLoopback(headers.get(CLIENT_IP_HEADER) ?? "");
}

/** Classified by ipaddr.js, as the outbound guard does (an IPv4-mapped ::ffff:127.x is loopback too). */
export function isLoopback(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "loopback";
}
