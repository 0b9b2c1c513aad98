import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { renderError } from "@/server/http/adapter";
import { problemResponse } from "@/server/http/problem";
import { AppError } from "@/server/errors";
import { logRing } from "@/server/log";

afterEach(() => vi.restoreAllMocks());

describe("problem+json rendering", () => {
  it("renders RFC 7807 members plus seed 004's error and message", async () => {
    const res = problemResponse({ status: 401, code: "UNAUTHORIZED", detail: "The code is invalid", instance: "/api/v1/auth/verify" });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "about:blank",
      title: "Unauthorized",
      status: 401,
      detail: "The code is invalid",
      instance: "/api/v1/auth/verify",
      error: "UNAUTHORIZED",
      message: "The code is invalid",
    });
  });

  it("adds issues, a request id and extra headers when given", async () => {
    const res = problemResponse({
      status: 429,
      code: "RATE_LIMITED",
      detail: "Slow down",
      instance: "/x",
      issues: [{ path: "body.email", message: "Required" }],
      requestId: "r-1",
      headers: { "Retry-After": "30" },
    });
    expect(res.headers.get("retry-after")).toBe("30");
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ title: "Too Many Requests", issues: [{ path: "body.email", message: "Required" }], request_id: "r-1" });
  });

  it("renders an AppError with its status, code and headers", async () => {
    const res = renderError(new AppError("METHOD_NOT_ALLOWED", "PUT is not allowed", { headers: { Allow: "GET" } }), "/api/v1/x", "id");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(await res.json()).toMatchObject({ error: "METHOD_NOT_ALLOWED", title: "Method Not Allowed", detail: "PUT is not allowed" });
  });

  it("renders a zod error that escaped a service (stored data that no longer parses) as our 500, not the client's 422", async () => {
    const error = z.object({ name: z.string() }).safeParse({}).error!;
    const res = renderError(error, "/x", "id");
    expect(res.status).toBe(500);
    expect((await res.json()).issues).toBeUndefined();
  });

  it("renders Prisma's unique violation as 409 and missing record as 404", () => {
    expect(renderError(Object.assign(new Error("unique"), { code: "P2002" }), "/x", "id").status).toBe(409);
    expect(renderError(Object.assign(new Error("gone"), { code: "P2025" }), "/x", "id").status).toBe(404);
  });

  it("renders anything else as a 500 with a generic detail and the request id, logging the cause", async () => {
    const res = renderError(new Error("secret internals"), "/api/v1/x", "req-42");
    const body = await res.json();
    expect(res.status).toBe(500);
    expect(body).toMatchObject({ status: 500, error: "INTERNAL_ERROR", request_id: "req-42", instance: "/api/v1/x" });
    expect(JSON.stringify(body)).not.toContain("secret internals");
    const logged = logRing().since().find((r) => r.fields.request_id === "req-42");
    expect(logged).toMatchObject({ level: "error", fields: { err: { type: "Error", message: "secret internals" } } });
  });
});
