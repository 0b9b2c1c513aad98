import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyCreated, profile } from "@/features/identity/schemas";
import { getEventBus } from "@/server/events";
import { openApiDocument } from "@/server/http/openapi";
import { createRequestListener } from "@/server/http/node-server";
import { restSurfaces } from "@/server/http/surfaces/rest-surfaces";
import { apiMounts } from "@/server/http/surfaces/mounts";
import { openApiJson } from "@/server/http/surfaces/openapi-document";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

/**
 * server.ts's request listener (src/server/http/node-server.ts) with the real API mounts: what the
 * production server answers itself, without Next. Non-API paths reach a stand-in for Next.
 */
const h = setupApi();
let me: Person;
let url = "";
const reachedNext: string[] = [];
const server = createServer();

beforeAll(async () => {
  me = await person(h.http, h.db, "fast");
  const fallback = (req: IncomingMessage, res: ServerResponse) => {
    reachedNext.push(req.url ?? "");
    res.end("next");
  };
  server.on("request", createRequestListener({ dev: false, trustProxy: false, mounts: apiMounts(), fallback }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const fast = { get url() { return url; } };

/**
 * A raw request (node:http), for what fetch will not send: TRACE, a chunked body. The answer counts
 * even when the server stops reading an upload and the client's write then fails.
 */
function raw(method: string, path: string, headers: Record<string, string>, write?: (req: ReturnType<typeof httpRequest>) => void) {
  return new Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    if (write) write(req);
    else req.end();
  });
}

describe("server.ts's API fast path", () => {
  it("answers /api/v1 itself, with the security headers every response carries and a Content-Length", async () => {
    const res = await call(fast, "GET", "/health");
    expect(res.body).toEqual({ status: "ok" });
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-length")).toBe(String(res.text.length));
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(reachedNext).toEqual([]);
  });

  it("sends pages and other /api paths on to Next, including paths that only start like a mount", async () => {
    for (const path of ["/", "/agents", "/api/trpc/x", "/api/v1x", "/api/openapi.jsonx"]) {
      const res = await fetch(url + path);
      expect(await res.text()).toBe("next");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    expect(reachedNext).toEqual(["/", "/agents", "/api/trpc/x", "/api/v1x", "/api/openapi.jsonx"]);
  });

  it("authenticates and answers as the surface does: users/me with a token, 401 without, HEAD without a body", async () => {
    expectOk(await call(fast, "GET", "/users/me", { token: me.token }), 200, profile);
    expectProblem(await call(fast, "GET", "/users/me"), 401, "UNAUTHORIZED");
    const head = await fetch(`${url}/api/v1/users/me`, { method: "HEAD", headers: { authorization: `Bearer ${me.token}` } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("refuses unknown methods and malformed paths before any route runs", async () => {
    const trace = await raw("TRACE", "/api/v1/health", {});
    expect(trace.status).toBe(405);
    expect(JSON.parse(trace.body)).toMatchObject({ error: "METHOD_NOT_ALLOWED" });
    const bad = await raw("GET", "/api/v1/agents/%zz", {});
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toBe("application/problem+json");
  });

  it("answers a body over 1 MiB with 413 as soon as it passes the cap, declared or streamed (chunked)", async () => {
    const auth = { authorization: `Bearer ${me.token}`, "content-type": "application/json" };
    const declared = await raw("POST", "/api/v1/users/me/api-keys", { ...auth, "content-length": String(2 * 1024 * 1024) }, (req) => req.end());
    expect(declared.status).toBe(413);
    const streamed = await raw("POST", "/api/v1/users/me/api-keys", auth, (req) => {
      // 3 MiB in 64 KiB chunks, never finished if the server stops reading: it must answer anyway.
      const chunk = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      const pump = () => {
        while (sent < 48) {
          sent++;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      req.on("error", () => {});
      pump();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ status: 413, error: "PAYLOAD_TOO_LARGE" });
  });

  it("drops a body nobody reads (a 405, a route without a body) and keeps the connection usable", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const send = (method: string, path: string, body?: string) =>
        new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
          const req = httpRequest(`${url}${path}`, { method, agent, headers: body ? { "content-type": "application/json", "content-length": String(body.length) } : {} }, (res) => {
            res.resume();
            res.on("end", () => resolve({ status: res.statusCode ?? 0, socket: req.socket }));
          });
          req.on("error", reject);
          req.end(body);
        });
      const first = await send("POST", "/api/v1/health", JSON.stringify({ filler: "x".repeat(200_000) }));
      expect(first.status).toBe(405);
      const second = await send("GET", "/api/v1/health");
      expect(second.status).toBe(200);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });

  it("reads a body that streams in under the cap", async () => {
    const res = await raw("POST", "/api/v1/users/me/api-keys", { authorization: `Bearer ${me.token}`, "content-type": "application/json" }, (req) => {
      req.write('{"name":');
      setTimeout(() => req.end('"streamed"}'), 20);
    });
    expect(res.status, res.body).toBe(201);
    expect(apiKeyCreated.parse(JSON.parse(res.body)).name).toBe("streamed");
  });

  it("streams SSE live and stops the subscription when the client goes away", async () => {
    const controller = new AbortController();
    const res = await fetch(`${url}/api/v1/notifications/stream`, { headers: { authorization: `Bearer ${me.token}` }, signal: controller.signal });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    const until = async (text: string) => {
      while (!seen.includes(text)) seen += decoder.decode((await reader.read()).value, { stream: true });
    };
    await until(": connected");
    await getEventBus().publish(`user:${me.id}`, "notification", { hello: "fast path" });
    await until("fast path");
    // The embedded bus shows its listeners; the Redis bus ends its blocking read the same way.
    const emitter = (getEventBus() as unknown as { emitter?: EventEmitter }).emitter;
    if (emitter) expect(emitter.listenerCount(`user:${me.id}`)).toBe(1);
    controller.abort();
    if (emitter) await expect.poll(() => emitter.listenerCount(`user:${me.id}`)).toBe(0);
  });

  it("serves the OpenAPI document built once per process", async () => {
    const res = await call(fast, "GET", "/api/openapi.json");
    expect(res.body).toEqual(JSON.parse(JSON.stringify(openApiDocument(restSurfaces))));
    expect(openApiJson()).toBe(openApiJson());
    expect((await call(fast, "POST", "/api/openapi.json")).status).toBe(405);
  });
});

describe("the credential cache never outlives a change made in this process", () => {
  it("a revoked API key stops working at once, though it was just used", async () => {
    const key = expectOk(await call(fast, "POST", "/users/me/api-keys", { token: me.token, json: { name: "cached" } }), 201, apiKeyCreated);
    expectOk(await call(fast, "GET", "/users/me", { token: key.key }), 200, profile);
    expectNoContent(await call(fast, "DELETE", `/users/me/api-keys/${key.id}`, { token: me.token }));
    expectProblem(await call(fast, "GET", "/users/me", { token: key.key }), 401, "UNAUTHORIZED");
  });

  it("a role changed in the database applies to the next request, and a deleted user's token dies", async () => {
    const ann = await person(h.http, h.db, "cached");
    expectOk(await call(fast, "GET", "/users/me", { token: ann.token }), 200, profile);
    await h.db.user.update({ where: { id: ann.id }, data: { role: "admin" } });
    const asAdmin = await call(fast, "GET", "/users/me", { token: ann.token });
    expect(asAdmin.status).toBe(200);
    await h.db.$executeRaw`DELETE FROM users WHERE id = ${ann.id}::uuid`;
    expectProblem(await call(fast, "GET", "/users/me", { token: ann.token }), 401, "UNAUTHORIZED");
  });
});
