import { request as httpRequest } from "node:http";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import { createTRPCRouter, publicProcedure } from "@/server/trpc/init";
import { setupApi } from "../support/harness";
import { startFetchServer, type TestServer } from "../support/http";
import { person, type Person } from "../support/people";

/** The browser's tRPC surface over real HTTP, through the same route handler Next mounts. */
const h = setupApi();
let trpc: TestServer;
let me: Person;
beforeAll(async () => {
  trpc = await startFetchServer((request) => (request.method === "GET" ? trpcRoute.GET(request) : trpcRoute.POST(request)));
  me = await person(h.http, h.db, "trpc");
});
afterAll(() => trpc?.close());

const mutate = (procedure: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${trpc.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${me.token}`, ...headers },
    body: JSON.stringify({ json: input }),
  });

describe("tRPC over HTTP", () => {
  it("serves a signed-in mutation from our own pages", async () => {
    const res = await mutate("identity.updateProfile", { bio: "hello" });
    expect(res.status).toBe(200);
  });

  it("refuses a cookie mutation from another site with 403, and a multipart one with 415", async () => {
    const cross = await fetch(`${trpc.url}/api/trpc/identity.apiKeys.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "next-auth.session-token=x", origin: "https://evil.example" },
      body: JSON.stringify({ json: { name: "stolen" } }),
    });
    expect(cross.status).toBe(403);
    const form = new FormData();
    form.set("name", "stolen");
    const multipart = await fetch(`${trpc.url}/api/trpc/identity.apiKeys.create`, { method: "POST", body: form, headers: { authorization: `Bearer ${me.token}` } });
    expect(multipart.status).toBe(415);
  });

  it("refuses a body over 1 MiB with 413 before reading it all, declared or streamed", async () => {
    const big = await mutate("identity.updateProfile", { bio: "x".repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    // Chunked, no Content-Length: the server stops reading once 1 MiB has passed.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(`${trpc.url}/api/trpc/identity.updateProfile`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${me.token}` },
      }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      const chunk = "x".repeat(64 * 1024);
      req.write('{"json":{"bio":"');
      for (let i = 0; i < 40; i++) req.write(chunk);
      req.end('"}}');
    });
    expect(status).toBe(413);
  });

  it("refuses NUL characters with BAD_REQUEST naming the field", async () => {
    const res = await mutate("identity.updateProfile", { bio: "a\u0000b" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { issues: { path: string }[] } } } };
    expect(body.error.json.data.issues[0].path).toBe("input.bio");
  });
});

describe("tRPC internal errors", () => {
  const router = createTRPCRouter({
    boom: publicProcedure.query(() => {
      throw new Error("Invalid `prisma.agent.create()` invocation: column users.password_hash");
    }),
  });
  let server: TestServer;
  beforeAll(async () => {
    server = await startFetchServer((req) =>
      fetchRequestHandler({ endpoint: "/api/trpc", req, router, createContext: () => ({ db: h.db, viewer: null, ip: "127.0.0.1" }) }),
    );
  });
  afterAll(() => server?.close());

  it("answer a generic message with a request id, never the internals", async () => {
    const res = await fetch(`${server.url}/api/trpc/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/prisma|password_hash|stack/i);
    const body = JSON.parse(text) as { error: { json: { message: string; data: { requestId: string } } } };
    expect(body.error.json.message).toMatch(/request id [0-9a-f-]{36}/);
    expect(body.error.json.data.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
