import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simpleHealth } from "@/features/infra/schemas";
import { resetRateLimiters } from "@/server/http/rate-limit";
import { getRedis } from "@/server/redis";
import { call, expectOk, expectProblem, type ApiResponse } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { PASSWORD, uniqueEmail, uniqueIp, uniqueUsername } from "../support/ids";
import { callerFor, expectTrpcError } from "../support/trpc";

/**
 * Runs in memory, or against Redis when REDIS_URL is set. Redis counters are shared by every test file
 * and outlive the run, so each test trusts X-Forwarded-For and uses a random client address and fresh
 * e-mail addresses.
 */
const h = setupApi();

let restoreProxy: () => void;
beforeAll(() => {
  restoreProxy = withEnv({ TRUST_PROXY: "1" });
});
afterAll(() => restoreProxy());

function setupLimits(perIp: number, perEmail: number) {
  let restore: () => void;
  beforeAll(() => {
    restore = withEnv({ RATE_LIMIT_AUTH_PER_IP: String(perIp), RATE_LIMIT_AUTH_PER_EMAIL: String(perEmail) });
    resetRateLimiters();
  });
  afterAll(() => {
    restore();
    resetRateLimiters();
  });
}

const signIn = (email: string, ip: string) =>
  call(h.http, "POST", "/auth/sessions", { json: { email, password: PASSWORD }, headers: { "x-forwarded-for": ip } });

function expectRateLimited(res: ApiResponse, maxSeconds: number) {
  expectProblem(res, 429, "RATE_LIMITED");
  const retryAfter = res.headers.get("retry-after");
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(maxSeconds);
}

describe("per e-mail address (RATE_LIMIT_AUTH_PER_EMAIL=3)", () => {
  setupLimits(100_000, 3);

  it("answers the 4th sign-in for one address with 429 and a numeric Retry-After", async () => {
    const email = uniqueEmail("limited");
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) expectProblem(await signIn(email, ip), 401);
    expectRateLimited(await signIn(email, ip), 600);
  });

  it("keeps refusing that address from any other client address", async () => {
    const email = uniqueEmail("limited");
    for (let i = 0; i < 3; i++) await signIn(email, uniqueIp());
    expectRateLimited(await signIn(email, uniqueIp()), 600);
  });

  it("does not affect another address", async () => {
    const email = uniqueEmail("limited");
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) await signIn(email, ip);
    expectProblem(await signIn(uniqueEmail("free"), ip), 401);
  });

  it("counts sign-up requests for the address as well", async () => {
    const email = uniqueEmail("signup-limited");
    const start = () =>
      call(h.http, "POST", "/auth/verifications", {
        json: { username: uniqueUsername(), email, password: PASSWORD },
        headers: { "x-forwarded-for": uniqueIp() },
      });
    for (let i = 0; i < 3; i++) expect((await start()).status).toBe(202);
    expectRateLimited(await start(), 600);
  });

  it("limits the tRPC identity procedures per e-mail address too", async () => {
    // A botnet must not be able to flood one inbox through /api/trpc either.
    const email = uniqueEmail("trpc-limited");
    for (let i = 0; i < 3; i++) await callerFor(h.db, null, uniqueIp()).identity.requestRecovery({ email });
    await expectTrpcError(callerFor(h.db, null, uniqueIp()).identity.requestRecovery({ email }), "TOO_MANY_REQUESTS");
  });

  it.runIf(process.env.REDIS_URL)("keeps the counter in Redis when REDIS_URL is set", async () => {
    const email = uniqueEmail("in-redis");
    await signIn(email, uniqueIp());
    expect(await getRedis()!.exists(`rl:auth-email:${email}`)).toBe(1);
  });
});

describe("per client address (RATE_LIMIT_AUTH_PER_IP=3)", () => {
  setupLimits(3, 100_000);

  it("answers the 4th auth request from one address with 429 and a numeric Retry-After", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) expectProblem(await signIn(uniqueEmail(), ip), 401);
    expectRateLimited(await signIn(uniqueEmail(), ip), 60);
  });

  it("does not affect another client address", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) await signIn(uniqueEmail(), ip);
    expectProblem(await signIn(uniqueEmail(), uniqueIp()), 401);
  });

  it("counts every identity route together", async () => {
    const ip = uniqueIp();
    const headers = { "x-forwarded-for": ip };
    expect((await call(h.http, "POST", "/auth/resend", { json: { email: uniqueEmail() }, headers })).status).toBe(204);
    expect((await call(h.http, "POST", "/auth/sessions/refresh", { json: { refresh_token: "x" }, headers })).status).toBe(401);
    expect((await call(h.http, "POST", "/auth/login", { form: { username: uniqueEmail(), password: PASSWORD }, headers })).status).toBe(401);
    expectRateLimited(await call(h.http, "POST", "/auth/register", { json: { email: uniqueEmail(), password: PASSWORD, nickname: "n" }, headers }), 60);
  });

  it("rejects even malformed requests once the address is limited (before any parsing)", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++) await signIn(uniqueEmail(), ip);
    expectRateLimited(await call(h.http, "POST", "/auth/sessions", { json: {}, headers: { "x-forwarded-for": ip } }), 60);
  });

  it("leaves routes without a limit alone", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) await signIn(uniqueEmail(), ip);
    expectOk(await call(h.http, "GET", "/health", { headers: { "x-forwarded-for": ip } }), 200, simpleHealth);
  });

  it("limits the tRPC identity procedures per client address too", async () => {
    const caller = callerFor(h.db, null, uniqueIp());
    for (let i = 0; i < 3; i++) await caller.identity.resend({ type: "signup", email: uniqueEmail() });
    await expectTrpcError(caller.identity.resend({ type: "signup", email: uniqueEmail() }), "TOO_MANY_REQUESTS");
    await callerFor(h.db, null, uniqueIp()).identity.resend({ type: "signup", email: uniqueEmail() });
  });
});
