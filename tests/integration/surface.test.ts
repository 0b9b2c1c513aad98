import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { z } from "zod";
import { createSurfaceHandler } from "@/server/http/adapter";
import { route, type RouteDef, type Surface } from "@/server/http/route-table";
import { logRing } from "@/server/log";
import { call, expectProblem, issuePaths } from "../support/api";
import { setupApi, withEnv } from "../support/harness";
import { startApiServer, type TestServer } from "../support/http";
import { PASSWORD, uniqueEmail, uniqueUsername } from "../support/ids";
import { signUp } from "../support/outbox";

const h = setupApi();

describe("the /api/v1 surface", () => {
  it("answers malformed JSON with a 400 problem", async () => {
    const res = await call(h.http, "POST", "/auth/sessions", { raw: '{"email": "a@b.co", ', headers: { "content-type": "application/json" } });
    expectProblem(res, 400, "BAD_REQUEST");
  });

  it("answers a schema violation with 422 listing every issue", async () => {
    const res = await call(h.http, "POST", "/auth/verifications", { json: { username: 42, email: ["x"] } });
    const problem = expectProblem(res, 422, "VALIDATION_ERROR");
    expect(issuePaths(problem)).toEqual(["body.email", "body.password", "body.username"]);
    for (const issue of problem.issues ?? []) expect(problem.detail).toContain(issue.path);
  });

  it("answers a JSON body of the wrong type with 422", async () => {
    expectProblem(await call(h.http, "POST", "/auth/sessions", { json: ["not", "an", "object"] }), 422);
  });

  it("answers an unknown path with a 404 problem naming it", async () => {
    const res = await call(h.http, "GET", "/no/such/endpoint");
    expect(expectProblem(res, 404, "NOT_FOUND").instance).toBe("/api/v1/no/such/endpoint");
  });

  it("answers a wrong method with 405 and an Allow header", async () => {
    const res = await call(h.http, "PUT", "/auth/sessions", { json: {} });
    expectProblem(res, 405, "METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")?.split(/,\s*/).sort()).toEqual(["DELETE", "POST"]);
  });

  it("answers a malformed percent-escape in a path parameter with a 400 problem, not 500", async () => {
    const session = await signUp(h.http, h.db, { username: uniqueUsername(), email: uniqueEmail("escape"), password: PASSWORD });
    expectProblem(await call(h.http, "DELETE", "/users/me/api-keys/%ZZ", { token: session.access_token }), 400, "BAD_REQUEST");
  });

  it("answers OPTIONS with the allowed methods", async () => {
    const res = await call(h.http, "OPTIONS", "/users/me");
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")?.split(/,\s*/).sort()).toEqual(["GET", "HEAD", "OPTIONS", "PATCH"]);
  });

  it("answers a body over 1 MiB with 413, not 500", async () => {
    const res = await call(h.http, "POST", "/auth/sessions", { json: { email: uniqueEmail(), password: "x".repeat(1_100_000) } });
    expectProblem(res, 413, "PAYLOAD_TOO_LARGE");
  });

});

describe("a surface whose handler fails, and the client address it sees", () => {
  let server: TestServer;
  let errors: MockInstance<typeof console.error>;

  const probe: Surface = {
    prefix: "/api/v1",
    title: "probe",
    routes: [
      route({
        method: "GET", path: "/boom", auth: "public", tags: [], summary: "throws", status: 200,
        handler: async () => {
          throw new Error("database password is hunter2");
        },
      }),
      route({
        method: "GET", path: "/off-schema", auth: "public", tags: [], summary: "returns too little", status: 200,
        response: z.object({ id: z.string() }),
        handler: async () => ({}) as { id: string },
      }),
      route({
        method: "GET", path: "/whoami", auth: "public", tags: [], summary: "echoes the client address", status: 200,
        handler: async ({ ip }) => Response.json({ ip }),
      }),
    ],
  };

  beforeAll(async () => {
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
    server = await startApiServer(h.db, probe);
  });
  afterAll(async () => {
    errors.mockRestore();
    await server.close();
  });

  it("answers an unexpected error with a 500 problem whose detail gives nothing away", async () => {
    const res = await call(server, "GET", "/boom");
    const problem = expectProblem(res, 500, "INTERNAL_ERROR");
    expect(res.text).not.toContain("hunter2");
    expect(problem.detail).toMatch(/request id/i);
    expect((problem as { request_id?: string }).request_id).toMatch(/^[0-9a-f-]{36}$/);
    // Logged (src/server/log) under the id the caller was given.
    const requestId = (problem as { request_id?: string }).request_id;
    expect(logRing().since().some((r) => r.level === "error" && r.msg === "request failed" && r.fields.request_id === requestId)).toBe(true);
  });

  it("answers 500 when a handler returns a body outside its documented schema", async () => {
    expectProblem(await call(server, "GET", "/off-schema"), 500, "INTERNAL_ERROR");
  });

  it("takes the client address from the socket, never from a client-sent header", async () => {
    const res = await call(server, "GET", "/whoami", { headers: { "x-atrium-client-ip": "203.0.113.9", "x-forwarded-for": "198.51.100.7" } });
    expect(res.body).toEqual({ ip: "127.0.0.1" });
  });

  it("honours X-Forwarded-For only when TRUST_PROXY is set", async () => {
    const restore = withEnv({ TRUST_PROXY: "1" });
    try {
      const res = await call(server, "GET", "/whoami", { headers: { "x-forwarded-for": "198.51.100.7, 10.0.0.1" } });
      expect(res.body).toEqual({ ip: "198.51.100.7" });
    } finally {
      restore();
    }
  });
});

describe("route declarations", () => {
  it("refuses a route table with an entry that declares no auth", () => {
    const undeclared = { method: "GET", path: "/secret", tags: [], summary: "no auth", status: 200, handler: async () => ({}) } as unknown as RouteDef;
    const surface: Surface = { prefix: "/api/x", title: "x", routes: [undeclared] };
    expect(() => createSurfaceHandler(surface, () => h.db)).toThrow(/GET \/secret declares no auth/);
  });

  it("refuses an auth value it does not know", () => {
    const bogus = route({ method: "GET", path: "/x", auth: "public", tags: [], summary: "x", status: 200, handler: async () => undefined });
    const surface: Surface = { prefix: "/api/x", title: "x", routes: [{ ...bogus, auth: "everyone" as never }] };
    expect(() => createSurfaceHandler(surface, () => h.db)).toThrow(/declares no auth/);
  });
});

describe("HEAD requests", () => {
  const h2 = setupApi();
  it("answers HEAD like GET, without a body", async () => {
    const res = await call(h2.http, "HEAD", "/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.text).toBe("");
  });
});
