import "server-only";
import { headers } from "next/headers";
import { env } from "@/server/env";

/** The address people reach this server at: PUBLIC_URL when set, else the request's host. */
export async function publicOrigin() {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}
