import { afterEach, describe, expect, it } from "vitest";
import { canReadOutbox } from "@/features/dev/access";
import { resetEnvCache } from "@/server/env";
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { CLIENT_IP_HEADER, CLIENT_PROXIED_HEADER, recordClient } from "@/server/http/client-ip";

/** The headers server.ts records for a request from `address` carrying `sent` headers. */
function from(address: string, sent: Record<string, string> = {}) {
  const socket = new Socket();
  Object.defineProperty(socket, "remoteAddress", { value: address || undefined });
  const req = new IncomingMessage(socket);
  req.headers = { ...sent, [CLIENT_IP_HEADER]: "127.0.0.1", [CLIENT_PROXIED_HEADER]: "0" };
  recordClient(req);
  // Then Next adds its own X-Forwarded-For, as it does to every request.
  return new Headers({ ...(req.headers as Record<string, string>), "x-forwarded-for": address });
}

describe("who may read the dev outbox", () => {
  afterEach(() => {
    delete process.env.ATRIUM_MODE;
    resetEnvCache();
  });

  it.each(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])("a developer on this machine (%s)", (address) => {
    expect(canReadOutbox(from(address))).toBe(true);
  });

  it.each(["192.168.1.20", "10.0.0.5", "203.0.113.9", "::ffff:10.0.0.5", "2001:db8::1", "unknown", ""])("nobody else (%s)", (address) => {
    expect(canReadOutbox(from(address))).toBe(false);
  });

  it.each(["x-forwarded-for", "forwarded", "x-real-ip"])("nobody behind a proxy, even a local one (%s)", (header) => {
    expect(canReadOutbox(from("127.0.0.1", { [header]: "203.0.113.9" }))).toBe(false);
  });

  it("nobody in production mode, not even on this machine", () => {
    process.env.ATRIUM_MODE = "production";
    resetEnvCache();
    expect(canReadOutbox(from("127.0.0.1"))).toBe(false);
  });

  it("nobody when server.ts did not record the client", () => {
    expect(canReadOutbox(new Headers({ [CLIENT_IP_HEADER]: "127.0.0.1" }))).toBe(false);
  });
});
