import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/server/db/client";
import { createSurfaceHandler } from "@/server/http/adapter";
import { route, type Surface } from "@/server/http/route-table";

// Public routes and requests without credentials never touch the database.
const noDb = () => ({}) as Db;

const echo = (name: string) => async (_ctx: unknown, input: { params?: unknown; query?: unknown; body?: unknown }) =>
  Response.json({ name, ...input });

const surface: Surface = {
  prefix: "/api/test",
  title: "test",
  routes: [
    route({ method: "GET", path: "/things", auth: "public", tags: [], summary: "list", status: 200, handler: echo("list") as never }),
    route({ method: "POST", path: "/things", auth: "public", tags: [], summary: "create", status: 201, body: z.object({ n: z.number() }), handler: echo("create") as never }),
    route({ method: "GET", path: "/things/{id}", auth: "public", tags: [], summary: "one", status: 200, handler: echo("one") as never }),
    route({
      method: "GET", path: "/things/{id}/parts/{part}", auth: "public", tags: [], summary: "part", status: 200,
      params: z.object({ id: z.string(), part: z.coerce.number().int() }), handler: echo("part") as never,
    }),
    route({ method: "GET", path: "/things/special", auth: "public", tags: [], summary: "special", status: 200, handler: echo("special") as never }),
    route({ method: "GET", path: "/private", auth: "user", tags: [], summary: "private", status: 200, handler: echo("private") as never }),
    route({
      method: "GET", path: "/search", auth: "public", tags: [], summary: "search", status: 200,
      query: z.object({ q: z.string().min(1), tag: z.array(z.string()).optional() }), handler: echo("search") as never,
    }),
    route({ method: "DELETE", path: "/things/{id}", auth: "public", tags: [], summary: "delete", status: 204, handler: async () => undefined }),
  ],
};

const handle = createSurfaceHandler(surface, noDb);
const request = (method: string, path: string, body?: string) =>
  handle(new Request(`http://localhost/api/test${path}`, { method, body, headers: body ? { "content-type": "application/json" } : {} }));
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe("route path matching", () => {
  it("matches a fixed path", async () => {
    expect(await json(await request("GET", "/things"))).toMatchObject({ name: "list" });
  });

  it("tolerates a trailing slash", async () => {
    expect(await json(await request("GET", "/things/"))).toMatchObject({ name: "list" });
  });

  it("captures {parameters} and decodes them", async () => {
    expect(await json(await request("GET", "/things/a%20b"))).toMatchObject({ name: "one", params: { id: "a b" } });
  });

  it("prefers no route over a parameter that would span a slash", async () => {
    expect((await request("GET", "/things/a/b")).status).toBe(404);
  });

  it("parses parameters with the route's schema, naming the bad one in a 422", async () => {
    expect(await json(await request("GET", "/things/x/parts/3"))).toMatchObject({ name: "part", params: { id: "x", part: 3 } });
    const res = await request("GET", "/things/x/parts/three");
    expect(res.status).toBe(422);
    expect((await json(res)).issues).toEqual([{ path: "path.part", message: expect.any(String) }]);
  });

  it("prefers a static path over a parameterised one, wherever the table lists it", async () => {
    expect(await json(await request("GET", "/things/special"))).toMatchObject({ name: "special" });
    // A method only the parameterised route has still reaches it.
    expect((await request("DELETE", "/things/special")).status).toBe(204);
  });

  it("picks the route by method on a shared path", async () => {
    const res = await request("POST", "/things", '{"n": 1}');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: "create", body: { n: 1 } });
    expect((await request("DELETE", "/things/7")).status).toBe(204);
  });

  it("answers 405 with the methods of the path in Allow", async () => {
    const res = await request("PATCH", "/things/7");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, DELETE, HEAD");
  });

  it("answers OPTIONS with 204 and Allow", async () => {
    const res = await request("OPTIONS", "/things");
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });

  it("answers 404 for an unknown path, below or at the prefix", async () => {
    for (const path of ["/nothing", "", "/things/7/extra"]) {
      const res = await request("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("reads repeated query parameters as arrays and validates them", async () => {
    expect(await json(await request("GET", "/search?q=x&tag=a&tag=b"))).toMatchObject({ query: { q: "x", tag: ["a", "b"] } });
    const res = await request("GET", "/search");
    expect(res.status).toBe(422);
    expect((await json(res)).issues).toEqual([{ path: "query.q", message: expect.any(String) }]);
  });

  it("asks for credentials on a user route", async () => {
    const res = await request("GET", "/private");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("renders malformed JSON as 400 and a bad body as 422", async () => {
    expect((await request("POST", "/things", "{")).status).toBe(400);
    const res = await request("POST", "/things", '{"n": "one"}');
    expect(res.status).toBe(422);
    expect((await json(res)).issues).toEqual([{ path: "body.n", message: expect.any(String) }]);
  });
});
