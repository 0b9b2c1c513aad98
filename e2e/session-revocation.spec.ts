import { expect, test, type APIRequestContext, type PlaywrightWorkerArgs } from "@playwright/test";

/**
 * Sessions end when they should, and sign-in never redirects off the site, checked at the HTTP level
 * against the real server: next-auth's own sign-in and sign-out routes, its session route, the REST
 * API and tRPC. A browser cookie kept from before a sign-out or a password reset, replayed later,
 * must get neither a session nor a fresh cookie nor access.
 */

const SESSION_COOKIE = "next-auth.session-token";
const PASSWORD = "e2e-password-123";
const NEW_PASSWORD = "e2e-new-password-456";
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Playwright = PlaywrightWorkerArgs["playwright"];

async function outboxCode(request: APIRequestContext, email: string) {
  const res = await request.get(`/dev/outbox?to=${encodeURIComponent(email)}`);
  expect(res.status()).toBe(200);
  // Newest mail first: the first code on the page is the latest one sent.
  const match = /data-testid="outbox-code"[^>]*>\s*(\d{6})\s*</.exec(await res.text());
  expect(match, `a code in the dev outbox for ${email}`).not.toBeNull();
  return match![1];
}

/** A new account through seed 004's REST registration (no e-mail code needed). */
async function signUp(request: APIRequestContext, origin: string) {
  const id = unique();
  const email = `e2e-revoke-${id}@example.com`;
  const res = await request.post("/api/v1/auth/register", { data: { email, password: PASSWORD, nickname: `Revoke ${id}` }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(201);
  return email;
}

/** Signs in through next-auth's credentials flow as the sign-in form does; the context keeps the cookies. */
async function browserSignIn(playwright: Playwright, baseURL: string, email: string, password = PASSWORD, callbackUrl?: string) {
  const ctx = await playwright.request.newContext({ baseURL });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", ...(callbackUrl ? { callbackUrl } : {}) },
    headers: { origin: baseURL },
  });
  expect(res.status(), await res.text()).toBe(200);
  const { url } = (await res.json()) as { url: string };
  expect(url).not.toContain("error=");
  return { ctx, csrfToken, cookie: await sessionCookie(ctx), url };
}

async function sessionCookie(ctx: APIRequestContext) {
  const found = (await ctx.storageState()).cookies.find((c) => c.name === SESSION_COOKIE);
  expect(found, "a next-auth session cookie").toBeTruthy();
  return found!.value;
}

/**
 * Replays a kept cookie value from a clean client: what next-auth's session route answers (and
 * whether it sets a fresh cookie), and the status of the REST API and of tRPC with it.
 */
async function replay(playwright: Playwright, baseURL: string, cookie: string) {
  const fresh = () => playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${cookie}` } });
  const a = await fresh();
  const sessionRes = await a.get("/api/auth/session");
  const session = (await sessionRes.json()) as { user?: { email?: string } };
  const reissued = sessionRes
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${SESSION_COOKIE}=`))
    .map((h) => h.value.slice(SESSION_COOKIE.length + 1).split(";")[0])
    .find((value) => value !== "");
  await a.dispose();
  const b = await fresh();
  const api = (await b.get("/api/v1/users/me")).status();
  const trpc = (await b.get("/api/trpc/identity.me")).status();
  await b.dispose();
  return { session, reissued, api, trpc };
}

async function resetPassword(request: APIRequestContext, origin: string, email: string) {
  const resend = await request.post("/api/v1/auth/resend", { data: { type: "recovery", email }, headers: { origin } });
  expect(resend.status(), await resend.text()).toBe(204);
  const token = await outboxCode(request, email);
  const verify = await request.post("/api/v1/auth/verify", {
    data: { type: "recovery", email, token, new_password: NEW_PASSWORD },
    headers: { origin },
  });
  expect(verify.status(), await verify.text()).toBe(204);
}

test.describe("sessions end when they should", () => {
  test("a cookie kept from before sign-out gets no session, no fresh cookie and no access", async ({ playwright, request, baseURL }) => {
    const email = await signUp(request, baseURL!);
    const leaving = await browserSignIn(playwright, baseURL!, email);
    const staying = await browserSignIn(playwright, baseURL!, email);

    const before = await replay(playwright, baseURL!, leaving.cookie);
    expect(before.session.user?.email).toBe(email);
    expect(before.reissued).toBeTruthy();
    expect(before.api).toBe(200);
    expect(before.trpc).toBe(200);

    const signOut = await leaving.ctx.post("/api/auth/signout", { form: { csrfToken: leaving.csrfToken, json: "true" }, headers: { origin: baseURL! } });
    expect(signOut.status(), await signOut.text()).toBe(200);
    expect((await leaving.ctx.storageState()).cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();

    const after = await replay(playwright, baseURL!, leaving.cookie);
    expect(after.session).toEqual({});
    expect(after.reissued).toBeUndefined();
    expect(after.api).toBe(401);
    expect(after.trpc).toBe(401);
    // The cookie next-auth re-issued before the sign-out is just as dead.
    expect((await replay(playwright, baseURL!, before.reissued!)).api).toBe(401);

    // Signing out one browser leaves the account's other sessions alone.
    expect((await replay(playwright, baseURL!, staying.cookie)).api).toBe(200);
    await Promise.all([leaving.ctx.dispose(), staying.ctx.dispose()]);
  });

  test("a password reset ends every browser session, including cookies re-issued before it", async ({ playwright, request, baseURL }) => {
    const email = await signUp(request, baseURL!);
    const browser = await browserSignIn(playwright, baseURL!, email);
    // The session route re-encodes the cookie with a new issue time: the old bug let that one live on.
    expect((await browser.ctx.get("/api/auth/session")).status()).toBe(200);
    const reissued = await sessionCookie(browser.ctx);
    expect((await replay(playwright, baseURL!, browser.cookie)).api).toBe(200);

    await resetPassword(request, baseURL!, email);

    for (const cookie of [browser.cookie, reissued]) {
      const after = await replay(playwright, baseURL!, cookie);
      expect(after.session).toEqual({});
      expect(after.reissued).toBeUndefined();
      expect(after.api).toBe(401);
      expect(after.trpc).toBe(401);
    }
    const again = await browserSignIn(playwright, baseURL!, email, NEW_PASSWORD);
    expect((await replay(playwright, baseURL!, again.cookie)).api).toBe(200);
    await Promise.all([browser.ctx.dispose(), again.ctx.dispose()]);
  });
});

test.describe("sign-in redirects stay on the site", () => {
  const sameOrigin = (location: string | undefined, baseURL: string) => {
    expect(location, "a Location header").toBeTruthy();
    expect(new URL(location!, baseURL).origin).toBe(new URL(baseURL).origin);
  };

  test("a signed-in visit to /sign-in with a hostile callbackUrl is redirected on this site", async ({ playwright, request, baseURL }) => {
    const email = await signUp(request, baseURL!);
    const { ctx } = await browserSignIn(playwright, baseURL!, email);

    for (const callbackUrl of ["%2F%09%2Fevil.example%2Fpath", "%2F%0A%2Fevil.example%2Fpath", "%2F%0D%2Fevil.example%2Fpath", "%2F%2Fevil.example", "https%3A%2F%2Fevil.example%2F"]) {
      const res = await ctx.get(`/sign-in?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
      expect(res.status(), `callbackUrl=${callbackUrl}`).toBeGreaterThanOrEqual(300);
      expect(res.status(), `callbackUrl=${callbackUrl}`).toBeLessThan(400);
      sameOrigin(res.headers()["location"], baseURL!);
      expect(res.headers()["location"]).not.toContain("evil.example");
    }

    // A genuine target of this site is kept.
    const kept = await ctx.get(`/sign-in?callbackUrl=${encodeURIComponent("/calendar?view=week")}`, { maxRedirects: 0 });
    expect(new URL(kept.headers()["location"], baseURL).pathname + new URL(kept.headers()["location"], baseURL).search).toBe("/calendar?view=week");
    await ctx.dispose();
  });

  test("the sign-in page itself does not fail on newline callbackUrls", async ({ request }) => {
    for (const callbackUrl of ["%2F%0A%2Fevil.example%2Fpath", "%2F%0D%2Fevil.example", "%2F%09%2Fevil.example"]) {
      const res = await request.get(`/sign-in?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
      expect(res.status(), `callbackUrl=${callbackUrl}`).toBe(200);
    }
  });

  test("next-auth's own callbackUrl after sign-in stays on this site", async ({ playwright, request, baseURL }) => {
    const email = await signUp(request, baseURL!);
    for (const callbackUrl of ["/\t/evil.example/path", "/\n/evil.example/path", "https://evil.example/"]) {
      const { ctx, url } = await browserSignIn(playwright, baseURL!, email, PASSWORD, callbackUrl);
      sameOrigin(url, baseURL!);
      expect(url).not.toContain("evil.example");
      await ctx.dispose();
    }
  });
});
