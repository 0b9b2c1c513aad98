import { expect, test, type APIRequestContext } from "@playwright/test";

/**
 * The security findings, replayed against the real server (`npm start`, Next and all) the way an
 * outside probe sent them. Request-level: no page needs to render.
 */
const DEMO = { email: "demo@atrium.local", password: "atrium-demo" };

/** Signs the request context in through next-auth's credentials flow; the cookie stays in the context. */
async function signIn(request: APIRequestContext, baseURL: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: DEMO.email, password: DEMO.password, callbackUrl: `${baseURL}/dashboard`, json: "true" },
    headers: { origin: baseURL },
    maxRedirects: 0,
  });
  expect(res.status()).toBeLessThan(400);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(DEMO.email);
}

test.describe("security", () => {
  test("the dev outbox serves this machine only, never a client behind a proxy", async ({ request }) => {
    // A probe asks for a recovery code for the demo account, then tries to read it.
    const resend = await request.post("/api/v1/auth/resend", { data: { type: "recovery", email: DEMO.email } });
    expect(resend.status()).toBe(204);
    const proxied = await request.get(`/dev/outbox?to=${encodeURIComponent(DEMO.email)}`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(proxied.status()).toBe(404);
    expect(await proxied.text()).not.toMatch(/outbox-code/);
    // The developer on this machine still reads it.
    const local = await request.get(`/dev/outbox?to=${encodeURIComponent(DEMO.email)}`);
    expect(local.status()).toBe(200);
    expect(await local.text()).toMatch(/outbox-code/);
  });

  test("a cookie session cannot be driven from another site", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    await signIn(request, baseURL!);
    const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    const rest = await request.post("/api/v1/users/me/api-keys", { data: { name: "csrf" }, headers: evil });
    expect(rest.status()).toBe(403);
    expect(rest.headers()["content-type"]).toBe("application/problem+json");
    const trpc = await request.post("/api/trpc/identity.apiKeys.create", { data: { json: { name: "csrf" } }, headers: evil });
    expect(trpc.status()).toBe(403);
    // The same session from Atrium's own pages works, on REST and on tRPC.
    const own = { origin: baseURL!, "sec-fetch-site": "same-origin" };
    expect((await request.post("/api/v1/users/me/api-keys", { data: { name: "mine" }, headers: own })).status()).toBe(201);
    expect((await request.post("/api/trpc/identity.apiKeys.create", { data: { json: { name: "mine too" } }, headers: own })).status()).toBe(200);
    // JSON disguised as a form post (no preflight) is refused for its media type.
    const plain = await request.post("/api/v1/users/me/api-keys", { data: '{"name":"x"}', headers: { ...own, "content-type": "text/plain" } });
    expect(plain.status()).toBe(415);
    await request.dispose();
  });

  test("malformed addresses and methods are 4xx, never 500", async ({ request }) => {
    const api = await request.get("/api/v1/agents/%zz");
    expect(api.status()).toBe(400);
    expect(api.headers()["content-type"]).toBe("application/problem+json");
    for (const path of ["/agents/%zz", "/%E0%A4%A", "/calendar/%"]) {
      expect((await request.get(path)).status(), path).toBe(400);
    }
    const trace = await request.fetch("/api/v1/health", { method: "TRACE" });
    expect(trace.status()).toBe(405);
  });

  test("tRPC refuses a body over 1 MiB with 413", async ({ request }) => {
    const res = await request.post("/api/trpc/identity.updateProfile", { data: { json: { bio: "x".repeat(2 * 1024 * 1024) } } });
    expect(res.status()).toBe(413);
  });
});
