import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseMalformedRequest } from "@/server/http/request-guard";
import { call, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

/**
 * What the REST surface refuses before any handler runs: cross-site cookie requests (CSRF), bodies
 * in another media type, absurd nesting, NUL characters; and what server.ts refuses before Next.
 */
const h = setupApi();
let me: Person;
beforeAll(async () => {
  me = await person(h.http, h.db, "hygiene");
});

// The session check comes after the origin check, so any cookie shows what a browser would send.
const cookie = "next-auth.session-token=whatever";
const createKey = (headers: Record<string, string>, token?: string) =>
  call(h.http, "POST", "/users/me/api-keys", { json: { name: "from elsewhere" }, headers, token });

describe("cross-site requests riding on a session cookie", () => {
  it("refuses a cookie POST whose Origin is another site with 403", async () => {
    const problem = expectProblem(await createKey({ cookie, origin: "https://evil.example" }), 403, "FORBIDDEN");
    expect(problem.detail).toMatch(/cross-site/i);
  });

  it("refuses a cookie POST that the browser marks Sec-Fetch-Site: cross-site or same-site", async () => {
    expectProblem(await createKey({ cookie, "sec-fetch-site": "cross-site" }), 403, "FORBIDDEN");
    expectProblem(await createKey({ cookie, "sec-fetch-site": "same-site" }), 403, "FORBIDDEN");
  });

  it("refuses an Origin of null (sandboxed frames)", async () => {
    expectProblem(await createKey({ cookie, origin: "null" }), 403, "FORBIDDEN");
  });

  it("lets a cookie request from Atrium's own origin through to authentication", async () => {
    const own = new URL(h.http.url);
    const res = await createKey({ cookie, origin: own.origin, "sec-fetch-site": "same-origin" });
    expectProblem(res, 401, "UNAUTHORIZED");
  });

  it("leaves Bearer clients alone whatever their Origin says", async () => {
    const res = await createKey({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, me.token);
    expect(res.status, res.text).toBe(201);
  });

  it("leaves reads alone: a cross-site GET is not refused for its origin", async () => {
    const res = await call(h.http, "GET", "/users/me", { headers: { origin: "https://evil.example" }, token: me.token });
    expect(res.status).toBe(200);
  });
});

describe("request bodies", () => {
  it("refuses JSON sent as text/plain or multipart with 415 (a cross-site form can send those)", async () => {
    const body = JSON.stringify({ name: "k" });
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]) {
      const res = await call(h.http, "POST", "/users/me/api-keys", { raw: body, headers: { "content-type": type }, token: me.token });
      expectProblem(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    const none = await call(h.http, "POST", "/users/me/api-keys", { raw: body, token: me.token, headers: { "content-type": "" } });
    expect(none.status).toBe(415);
  });

  it("accepts application/json with a charset and vendor +json types", async () => {
    for (const type of ["application/json; charset=utf-8", "application/merge-patch+json"]) {
      const res = await call(h.http, "POST", "/users/me/api-keys", { raw: JSON.stringify({ name: "k" }), headers: { "content-type": type }, token: me.token });
      expect(res.status, res.text).toBe(201);
    }
  });

  it("refuses the form login as JSON with 415, and takes it as a form", async () => {
    const res = await call(h.http, "POST", "/auth/login", { json: { username: me.email, password: "x" } });
    expectProblem(res, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses JSON nested 50,000 deep with a 400 problem instead of overflowing the stack", async () => {
    const deep = "[".repeat(50_000) + "]".repeat(50_000);
    const res = await call(h.http, "POST", "/users/me/api-keys", { raw: deep, headers: { "content-type": "application/json" }, token: me.token });
    expect(expectProblem(res, 400, "BAD_REQUEST").detail).toMatch(/nested/);
  });

  it("refuses NUL characters in a body, a query or a form with a 422 naming the field", async () => {
    const body = expectProblem(await call(h.http, "POST", "/users/me/api-keys", { json: { name: "a\u0000b" }, token: me.token }), 422);
    expect(body.issues).toEqual([{ path: "body.name", message: expect.stringMatching(/NUL/) }]);
    expectProblem(await call(h.http, "POST", "/auth/login", { form: { username: "\u0000", password: "x" } }), 422);
    expectProblem(await call(h.http, "GET", "/agents?search=%00", { token: me.token }), 422);
  });
});

describe("numbers past what the database holds", () => {
  it("answers a rollback to version 2^31 or beyond with 422, not a database error", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    for (const version of ["2147483648", "99999999999999999999"]) {
      const res = await call(h.http, "POST", `/agents/${id}/versions/${version}/rollback`, { token: me.token });
      expect(expectProblem(res, 422).issues?.[0]?.path).toBe("path.version");
    }
  });

  it("bounds paging: a page or offset beyond any real list is a 422", async () => {
    expectProblem(await call(h.http, "GET", "/agents?page=99999999999", { token: me.token }), 422);
    expectProblem(await call(h.http, "GET", "/notifications?offset=99999999999", { token: me.token }), 422);
  });
});

describe("whose fault an error is", () => {
  it("answers a stored snapshot that no longer parses with a logged 500, not a 422 blaming the client", async () => {
    const created = await call(h.http, "POST", "/agents", { token: me.token, json: { name: "Broken history" } });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: string }).id;
    await h.db.agentVersion.updateMany({ where: { agentId: id }, data: { snapshot: { name: 42 } } });
    const res = await call(h.http, "GET", `/agents/${id}/versions`, { token: me.token });
    const problem = expectProblem(res, 500, "INTERNAL_ERROR");
    expect(problem.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).not.toMatch(/name|expected/i);
  });
});

describe("what server.ts refuses before Next sees it", () => {
  let url = "";
  const server = createServer((req, res) => {
    if (refuseMalformedRequest(req, res)) return;
    res.end("reached the app");
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers a malformed percent-escape with 400: problem+json under /api, a page elsewhere", async () => {
    const api = await fetch(`${url}/api/v1/agents/%zz`);
    expect(api.status).toBe(400);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
    expect(await api.json()).toMatchObject({ status: 400, error: "BAD_REQUEST" });
    const page = await fetch(`${url}/agents/%E0%A4%A`);
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });

  it("answers TRACE and other methods Atrium does not serve with 405 and Allow", async () => {
    // fetch() refuses to send TRACE at all; node:http sends what a probe would. (Methods Node's
    // parser does not know, such as TRACK, get its own 400 before any handler; CONNECT is closed.)
    for (const method of ["TRACE", "PROPFIND", "MKCOL"]) {
      const res = await new Promise<{ status?: number; allow?: string }>((resolve, reject) => {
        const req = httpRequest(`${url}/api/v1/health`, { method }, (r) => {
          r.resume();
          resolve({ status: r.statusCode, allow: r.headers.allow });
        });
        req.on("error", reject);
        req.end();
      });
      expect(res.status).toBe(405);
      expect(res.allow).toContain("GET");
    }
  });

  it("lets well-formed requests through", async () => {
    const res = await fetch(`${url}/agents/%E2%9C%93?q=%zz`);
    expect(await res.text()).toBe("reached the app");
  });
});
