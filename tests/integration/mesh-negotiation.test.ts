import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as agentmeshRoute from "@/app/api/agentmesh/[...path]/route";
import { proxy } from "@/proxy";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";
import { expectMeshError, mesh } from "./mesh-support";

/**
 * `/agents`, `/tasks` and `/spaces` are pages and API paths at once. Production (server.ts's mounts,
 * which the test server uses) and `next dev` (src/proxy.ts + the agentmesh route handler) decide the
 * same way: API clients get JSON, browsers the page.
 */
const api = setupApi();
let ana: Person;

beforeAll(async () => {
  ana = await person(api.http, api.db, "ana");
});

const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

describe("content negotiation on seed 001's shared paths (production mounts)", () => {
  it("an API client (bearer token) gets the agent list as JSON", async () => {
    const res = await mesh(api.http, "GET", "/agents", { token: ana.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it("Accept: application/json without credentials is the API too: 401 in seed 001's error body", async () => {
    expectMeshError(await mesh(api.http, "GET", "/tasks"), 401, "UNAUTHORIZED");
  });

  it("a browser navigation (Accept text/html, no Authorization) is not taken by the API: it goes on to the pages", async () => {
    for (const path of ["/agents", "/tasks", "/spaces/x"]) {
      const res = await fetch(api.http.url + path, { headers: BROWSER });
      // The test server has no Next behind the mounts: what is not the API's is its 'unclaimed' problem.
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as { error?: unknown }).error).not.toMatchObject({ code: expect.any(String) });
    }
  });
});

describe("content negotiation under next dev (src/proxy.ts and the agentmesh route handler)", () => {
  const rewriteOf = (response: Response) => response.headers.get("x-middleware-rewrite");

  it("rewrites API requests of the shared paths to the agentmesh route, and leaves browser navigations to the pages", () => {
    expect(rewriteOf(proxy(new NextRequest("http://localhost:3000/agents", { headers: { authorization: "Bearer atr_x" } })))).toBe("http://localhost:3000/api/agentmesh/agents");
    expect(rewriteOf(proxy(new NextRequest("http://localhost:3000/tasks/1?x=1", { headers: { accept: "application/json" } })))).toBe("http://localhost:3000/api/agentmesh/tasks/1?x=1");
    const page = proxy(new NextRequest("http://localhost:3000/agents", { headers: BROWSER }));
    expect(rewriteOf(page)).toBeNull();
    expect(page.headers.get("x-middleware-next")).toBe("1");
    expect(rewriteOf(proxy(new NextRequest("http://localhost:3000/events", { headers: BROWSER })))).toBe("http://localhost:3000/api/agentmesh/events");
  });

  it("the route handler serves the surface at the path the client asked for (register, then list)", async () => {
    const params = (path: string[]) => ({ params: Promise.resolve({ path }) });
    const headers = { authorization: `Bearer ${ana.token}`, "content-type": "application/json" };
    const created = await agentmeshRoute.POST(
      new Request(`${api.http.url}/api/agentmesh/agents`, { method: "POST", headers, body: JSON.stringify({ id: "dev-agent", type: "process", endpoint: "https://agent.example.com/run" }) }),
      params(["agents"]),
    );
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await created.json()).toEqual({ id: "dev-agent", status: "registered" });
    const listed = await agentmeshRoute.GET(new Request(`${api.http.url}/api/agentmesh/agents`, { headers }), params(["agents"]));
    expect(((await listed.json()) as { id: string }[]).map((a) => a.id)).toContain("dev-agent");
    const missing = await agentmeshRoute.GET(new Request(`${api.http.url}/api/agentmesh/tasks/nope`, { headers }), params(["tasks", "nope"]));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "TASK_NOT_FOUND" } });
  });
});
