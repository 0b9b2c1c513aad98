import { describe, expect, it } from "vitest";
import { infraHealth, simpleHealth } from "@/features/infra/schemas";
import { GET as rootHealth } from "@/app/health/route";
import { call, expectOk } from "../support/api";
import { closeRedis, setupApi, withEnv } from "../support/harness";

const h = setupApi();

describe("health", () => {
  it("GET /api/v1/health answers {status: ok}", async () => {
    expect(expectOk(await call(h.http, "GET", "/health"), 200, simpleHealth)).toEqual({ status: "ok" });
  });

  it("GET /health at the root answers {status: ok}", async () => {
    const res = rootHealth();
    expect(res.status).toBe(200);
    expect(simpleHealth.parse(await res.json())).toEqual({ status: "ok" });
  });

  it("GET /infra/health reports the database healthy with its latency", async () => {
    // The file's freshly cloned database answers its very first query slowly on a loaded machine, and
    // the probe's 2 s deadline would then (truthfully) report it unhealthy: that is not this test's subject.
    await h.db.$queryRaw`SELECT 1`;
    const body = expectOk(await call(h.http, "GET", "/infra/health"), 200, infraHealth);
    expect(body.status).toBe("healthy");
    expect(body.services.database).toMatchObject({ status: "healthy", latency_ms: expect.any(Number) });
    expect(body.services.database.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it.runIf(process.env.REDIS_URL)("reports Redis healthy too when REDIS_URL is set", async () => {
    const body = expectOk(await call(h.http, "GET", "/infra/health"), 200, infraHealth);
    expect(body.services.redis).toMatchObject({ status: "healthy", latency_ms: expect.any(Number) });
  });

  it.skipIf(process.env.REDIS_URL)("leaves Redis out when REDIS_URL is unset", async () => {
    const body = expectOk(await call(h.http, "GET", "/infra/health"), 200, infraHealth);
    expect(Object.keys(body.services)).toEqual(["database"]);
  });

  it("reports an unreachable Redis as unhealthy within about 3 s instead of hanging", async () => {
    await closeRedis();
    const restore = withEnv({ REDIS_URL: "redis://127.0.0.1:1" });
    try {
      const started = performance.now();
      const body = expectOk(await call(h.http, "GET", "/infra/health"), 200, infraHealth);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(3000);
      expect(body.status).toBe("unhealthy");
      expect(body.services.redis).toMatchObject({ status: "unhealthy", latency_ms: expect.any(Number) });
      expect(body.services.database.status).toBe("healthy");
    } finally {
      await closeRedis();
      restore();
    }
  });
});
