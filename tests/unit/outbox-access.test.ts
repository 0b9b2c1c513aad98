import { afterEach, describe, expect, it } from "vitest";
import { canReadOutbox } from "@/features/dev/access";
import { resetEnvCache } from "@/server/env";
import { CLIENT_IP_HEADER } from "@/server/http/client-ip";

const from = (address: string, extra: Record<string, string> = {}) => new Headers({ [CLIENT_IP_HEADER]: address, ...extra });

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

  it("nobody when the address header is missing", () => {
    expect(canReadOutbox(new Headers())).toBe(false);
  });
});
