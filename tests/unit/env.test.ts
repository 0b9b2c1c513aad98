import { afterEach, describe, expect, it, vi } from "vitest";
import { clientIp } from "@/server/http/adapter";
import { env, isDevMode, resetEnvCache, secret } from "@/server/env";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

function withEnv(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  resetEnvCache();
}

describe("environment parsing", () => {
  it("fills in the documented defaults", () => {
    withEnv({ DATABASE_URL: undefined, PGLITE_DIR: undefined, RATE_LIMIT_AUTH_PER_IP: undefined, RATE_LIMIT_AUTH_PER_EMAIL: undefined, TRUST_PROXY: undefined, ATRIUM_MODE: undefined, MAIL_FROM: undefined });
    expect(env()).toMatchObject({
      PGLITE_DIR: "./.data/pglite",
      RATE_LIMIT_AUTH_PER_IP: 60,
      RATE_LIMIT_AUTH_PER_EMAIL: 10,
      TRUST_PROXY: "0",
      ATRIUM_MODE: "development",
      MAIL_FROM: "Atrium <no-reply@atrium.local>",
    });
    expect(env().DATABASE_URL).toBeUndefined();
  });

  it("treats an empty variable as unset, so DATABASE_URL= still means the embedded database", () => {
    withEnv({ DATABASE_URL: "", REDIS_URL: "", ATRIUM_MODE: "" });
    expect(env().DATABASE_URL).toBeUndefined();
    expect(env().REDIS_URL).toBeUndefined();
    expect(env().ATRIUM_MODE).toBe("development");
  });

  it("turns numeric limits into numbers", () => {
    withEnv({ RATE_LIMIT_AUTH_PER_IP: "5", RATE_LIMIT_AUTH_PER_EMAIL: "7" });
    expect(env()).toMatchObject({ RATE_LIMIT_AUTH_PER_IP: 5, RATE_LIMIT_AUTH_PER_EMAIL: 7 });
  });

  it.each([
    ["a rate limit that is not a positive integer", { RATE_LIMIT_AUTH_PER_IP: "0" }],
    ["a rate limit that is no number", { RATE_LIMIT_AUTH_PER_EMAIL: "lots" }],
    ["a secret shorter than 16 characters", { ATRIUM_SECRET: "short" }],
    ["an unknown mode", { ATRIUM_MODE: "staging" }],
    ["a TRUST_PROXY that is not 0, 1, true or false", { TRUST_PROXY: "yes" }],
    ["a DATABASE_URL that is no URL", { DATABASE_URL: "not a url" }],
  ])("refuses %s", (_label, vars) => {
    withEnv(vars);
    expect(() => env()).toThrow();
  });

  it("reads the environment once and again only after resetEnvCache()", () => {
    withEnv({ RATE_LIMIT_AUTH_PER_IP: "5" });
    expect(env().RATE_LIMIT_AUTH_PER_IP).toBe(5);
    vi.stubEnv("RATE_LIMIT_AUTH_PER_IP", "6");
    expect(env().RATE_LIMIT_AUTH_PER_IP).toBe(5);
    resetEnvCache();
    expect(env().RATE_LIMIT_AUTH_PER_IP).toBe(6);
  });

  it("takes the secret from ATRIUM_SECRET, else NEXTAUTH_SECRET, else refuses", () => {
    withEnv({ ATRIUM_SECRET: "atrium-secret-0123456789", NEXTAUTH_SECRET: "nextauth-secret-0123456789" });
    expect(secret()).toBe("atrium-secret-0123456789");
    withEnv({ ATRIUM_SECRET: undefined });
    expect(secret()).toBe("nextauth-secret-0123456789");
    withEnv({ NEXTAUTH_SECRET: undefined });
    expect(() => secret()).toThrow(/ATRIUM_SECRET/);
  });

  it("is in development mode unless ATRIUM_MODE=production", () => {
    withEnv({ ATRIUM_MODE: undefined });
    expect(isDevMode()).toBe(true);
    withEnv({ ATRIUM_MODE: "production" });
    expect(isDevMode()).toBe(false);
  });
});

describe("client address", () => {
  const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

  it("comes from the internal header the server sets from the socket", () => {
    withEnv({ TRUST_PROXY: "0" });
    expect(clientIp(request({ "x-atrium-client-ip": "192.0.2.1", "x-forwarded-for": "198.51.100.1" }))).toBe("192.0.2.1");
    expect(clientIp(request({}))).toBe("unknown");
  });

  it.each(["1", "true"])("comes from the first X-Forwarded-For entry when TRUST_PROXY=%s", (value) => {
    withEnv({ TRUST_PROXY: value });
    expect(clientIp(request({ "x-atrium-client-ip": "192.0.2.1", "x-forwarded-for": " 198.51.100.1 , 10.0.0.1" }))).toBe("198.51.100.1");
    expect(clientIp(request({ "x-atrium-client-ip": "192.0.2.1" }))).toBe("192.0.2.1");
  });
});
