import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { logList, logStats, type LogRecordDto } from "@/features/audit/schemas";
import { getJobRunner } from "@/server/jobs";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";

const h = setupApi();
let admin: Person;
let member: Person;

beforeAll(async () => {
  admin = await person(h.http, h.db, "logadmin");
  member = await person(h.http, h.db, "logmember");
  await h.db.user.update({ where: { id: admin.id }, data: { role: "admin" } });
  await h.db.user.update({ where: { id: member.id }, data: { role: "user" } });
});

const list = async (query: string, path = "/system-logs") => expectOk(await call(h.http, "GET", `${path}?${query}`, { token: admin.token }), 200, logList);
const until = async <T>(read: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("who may read the logs", () => {
  it.each(["/api/logs/stream", "/api/v1/system-logs", "/api/v1/system-logs/stats", "/api/v1/system-logs/application"])("%s: 401 without a credential, 403 for members", async (path) => {
    expectProblem(await call(h.http, "GET", path), 401);
    expectProblem(await call(h.http, "GET", path, { token: member.token }), 403);
  });

  it("refuses unknown levels and out-of-range paging with 422", async () => {
    expectProblem(await call(h.http, "GET", "/api/logs/stream?level=verbose", { token: admin.token }), 422);
    expectProblem(await call(h.http, "GET", "/system-logs?level=loud", { token: admin.token }), 422);
    expectProblem(await call(h.http, "GET", "/system-logs?page_size=500", { token: admin.token }), 422);
    expectProblem(await call(h.http, "GET", "/system-logs?from=today", { token: admin.token }), 422);
  });
});

describe("one record per REST request", () => {
  it("with request id, user, method, route pattern, status and duration", async () => {
    const missing = randomUUID();
    expectProblem(await call(h.http, "GET", `/agents/${missing}`, { token: member.token }), 404);
    const page = await list(`source=request&q=${encodeURIComponent("/agents/{id}")}`);
    const record = page.items.find((r) => r.fields.user_id === member.id && r.fields.route === "/agents/{id}");
    expect(record).toMatchObject({ level: "warn", source: "request", fields: { method: "GET", status: 404, user_id: member.id } });
    expect(record!.fields.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof record!.fields.duration_ms).toBe("number");
    // The raw path (with the id) is not what is logged: routes group in the stats.
    expect(JSON.stringify(record)).not.toContain(missing);
    expect(page.retention).toEqual({ capacity: 5000, held: expect.any(Number), scope: "process" });
  });

  it("filters by level and pages newest first", async () => {
    for (let i = 0; i < 3; i++) await call(h.http, "GET", "/infra/health");
    const warnings = await list("level=warn&page_size=100");
    expect(warnings.items.every((r) => r.level === "warn" || r.level === "error")).toBe(true);
    // Each listing is itself logged: `to` holds the window still between pages.
    await new Promise((r) => setTimeout(r, 5));
    const to = encodeURIComponent(new Date().toISOString());
    const two = await list(`page_size=2&source=request&to=${to}`);
    expect(two.items).toHaveLength(2);
    expect(two.items[0].seq).toBeGreaterThan(two.items[1].seq);
    const next = await list(`page_size=2&page=2&source=request&to=${to}`);
    expect(next.total).toBe(two.total);
    expect(next.items[0].seq).toBeLessThan(two.items[1].seq);
  });

  it("counts by level, source, status class and route", async () => {
    const stats = expectOk(await call(h.http, "GET", "/system-logs/stats", { token: admin.token }), 200, logStats);
    expect(stats.requests.count).toBeGreaterThan(3);
    expect(stats.requests.by_status_class["2xx"]).toBeGreaterThan(0);
    expect(stats.requests.by_status_class["4xx"]).toBeGreaterThan(0);
    expect(stats.requests.top_routes.map((r) => r.route)).toContain("GET /infra/health");
    // Liveness probes succeed at debug: below the ring's floor, so they do not crowd the log.
    expect(stats.requests.top_routes.map((r) => r.route)).not.toContain("GET /health");
    expect(stats.by_level.info + stats.by_level.warn + stats.by_level.error + stats.by_level.debug).toBe(stats.total);
  });
});

describe("background jobs", () => {
  it("logs start and end, and a failure at error, in the application logs", async () => {
    const runner = getJobRunner();
    runner.register("log-test-ok", async () => {});
    runner.register("log-test-fail", async () => {
      throw new Error("the job broke");
    });
    const ok = await runner.enqueue("log-test-ok", {});
    const bad = await runner.enqueue("log-test-fail", {});
    const records = await until(async () => {
      const page = await list("source=job&page_size=100", "/system-logs/application");
      const mine = page.items.filter((r) => r.fields.job_id === ok || r.fields.job_id === bad);
      return mine.length >= 4 ? mine : undefined;
    }, 15_000);
    const events = (id: string) => records.filter((r) => r.fields.job_id === id).map((r) => r.fields.event).sort();
    expect(events(ok)).toEqual(["started", "succeeded"]);
    expect(events(bad)).toEqual(["failed", "started"]);
    expect(records.find((r) => r.fields.job_id === bad && r.fields.event === "failed")).toMatchObject({
      level: "error",
      fields: { job: "log-test-fail", err: { message: "the job broke" } },
    });
    const app = await list("page_size=100", "/system-logs/application");
    expect(app.items.every((r) => r.source !== "request")).toBe(true);
  });
});

describe("GET /api/logs/stream", () => {
  const streamUrl = (level: string) => `${h.http.url}/api/logs/stream?level=${level}`;
  const auth = () => ({ authorization: `Bearer ${admin.token}` });

  it("sends new records at the level asked and above, and resumes after Last-Event-ID", async () => {
    const stream = await openSse(streamUrl("warn"), auth());
    await call(h.http, "GET", "/infra/health"); // info: filtered out
    const marker = randomUUID();
    expectProblem(await call(h.http, "GET", `/agents/${marker}`, { token: member.token }), 404); // warn
    const [first] = await stream.next(1);
    expect(first.event).toBe("log");
    const record = JSON.parse(first.data) as LogRecordDto;
    expect(record).toMatchObject({ level: "warn", source: "request", fields: { route: "/agents/{id}", status: 404 } });
    expect(first.id).toBe(record.id);
    stream.close();

    // Missed while disconnected: one warning, one info line.
    expectProblem(await call(h.http, "GET", `/agents/${randomUUID()}`, { token: member.token }), 404);
    await call(h.http, "GET", "/infra/health");
    const resumed = await openSse(streamUrl("warn"), { ...auth(), "last-event-id": first.id! });
    const [replayed] = await resumed.next(1);
    const again = JSON.parse(replayed.data) as LogRecordDto;
    expect(again.seq).toBeGreaterThan(record.seq);
    expect(again).toMatchObject({ level: "warn", fields: { route: "/agents/{id}" } });
    resumed.close();
  });

  it("with level=info includes request lines", async () => {
    const stream = await openSse(streamUrl("info"), auth());
    await call(h.http, "GET", "/infra/health");
    const events = await stream.next(1);
    const record = JSON.parse(events[0].data) as LogRecordDto;
    expect(["info", "warn", "error"]).toContain(record.level);
    stream.close();
  });
});
