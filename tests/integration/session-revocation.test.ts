import { getServerSession } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { apiKeyCreated, loginResult, profile, sessionTokens } from "@/features/identity/schemas";
import { authOptions } from "@/server/auth/next-auth";
import { BROWSER_SESSION_TTL_SECONDS } from "@/server/auth/sessions";
import { secret } from "@/server/env";
import { call, expectNoContent, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD, uniqueEmail, uniqueUsername } from "../support/ids";
import { latestCode, signUp } from "../support/outbox";

/**
 * Sessions end when they should: every access token and browser session cookie names a server-side
 * session row, checked on every use. Sign-out, refresh-token reuse and a password reset end rows, and
 * the credentials that name them stop working at once instead of when they expire.
 */
const h = setupApi();
const NEW_PASSWORD = "a brand new passphrase";
const SESSION_COOKIE = "next-auth.session-token";

async function account() {
  const email = uniqueEmail("revoke");
  const first = await signUp(h.http, h.db, { username: uniqueUsername(), email, password: PASSWORD });
  return { email, userId: first.user.id, first };
}

const signIn = async (email: string, password = PASSWORD) =>
  expectOk(await call(h.http, "POST", "/auth/sessions", { json: { email, password } }), 200, sessionTokens);
const refresh = (refresh_token: string) => call(h.http, "POST", "/auth/sessions/refresh", { json: { refresh_token } });
const signOut = async (refresh_token: string) => expectNoContent(await call(h.http, "DELETE", "/auth/sessions", { json: { refresh_token } }));
const me = (options: { token?: string; cookie?: string }) =>
  call(h.http, "GET", "/users/me", { token: options.token, headers: options.cookie ? { cookie: `${SESSION_COOKIE}=${options.cookie}` } : undefined });

async function expectWorks(options: { token?: string; cookie?: string }) {
  expectOk(await me(options), 200, profile);
}
async function expectRejected(options: { token?: string; cookie?: string }) {
  expectProblem(await me(options), 401, "UNAUTHORIZED");
}

async function recoverPassword(email: string) {
  expectNoContent(await call(h.http, "POST", "/auth/resend", { json: { type: "recovery", email } }));
  const token = await latestCode(h.db, email);
  expectNoContent(await call(h.http, "POST", "/auth/verify", { json: { type: "recovery", email, token, new_password: NEW_PASSWORD } }));
}

/** Our jwt callback, or next-auth's default (the token as it is) where none is configured. */
const jwtCallback = () => authOptions().callbacks?.jwt ?? (({ token }: { token: JWT }) => token);

/** Signs in the way next-auth does: its jwt callback at sign-in, then the encrypted cookie value. */
async function browserSignIn(user: { id: string; email: string }) {
  const token = await jwtCallback()({
    token: { sub: user.id, email: user.email, name: "browser" },
    user: { id: user.id, email: user.email },
    account: null,
    trigger: "signIn",
  });
  const cookie = await encode({ token, secret: secret(), maxAge: BROWSER_SESSION_TTL_SECONDS });
  return { token, cookie };
}

/** What every later use of the cookie runs (/api/auth/session, getServerSession): the jwt callback. */
async function refreshedToken(cookie: string) {
  const token = await decode({ token: cookie, secret: secret() });
  return jwtCallback()({ token: token!, user: undefined as never, account: null });
}

/** next-auth's session route for a cookie, without Next: its answer and the cookies it sets. */
async function sessionRoute(cookie: string) {
  const setCookies: string[] = [];
  const res = {
    getHeader: () => setCookies,
    setHeader: (_name: string, value: string[]) => setCookies.splice(0, setCookies.length, ...value),
    setCookie: () => {},
  };
  const req = { headers: { host: "localhost:3000" }, cookies: { [SESSION_COOKIE]: cookie } };
  const session = await getServerSession(req as never, res as never, authOptions());
  const issued = setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return { session, issued: issued?.slice(SESSION_COOKIE.length + 1).split(";")[0] ?? null };
}

const signOutEvent = async (token: JWT) => authOptions().events?.signOut?.({ token } as never);

describe("API sessions (access and refresh tokens)", () => {
  it("DELETE /auth/sessions ends that session's access token at once; the user's other sessions go on", async () => {
    const { email, first } = await account();
    const second = await signIn(email);
    await expectWorks({ token: first.access_token });
    await expectWorks({ token: second.access_token });

    await signOut(first.refresh_token);
    await expectRejected({ token: first.access_token });
    await expectWorks({ token: second.access_token });
    expectOk(await refresh(second.refresh_token), 200, sessionTokens);
  });

  it("signing out with any refresh token of a session ends every access token it issued", async () => {
    const { email } = await account();
    const first = await signIn(email);
    const rotated = expectOk(await refresh(first.refresh_token), 200, sessionTokens);
    await signOut(first.refresh_token);
    await expectRejected({ token: first.access_token });
    await expectRejected({ token: rotated.access_token });
  });

  it("refresh-token reuse ends the session's access tokens too", async () => {
    const { email } = await account();
    const first = await signIn(email);
    const rotated = expectOk(await refresh(first.refresh_token), 200, sessionTokens);
    await expectWorks({ token: rotated.access_token });
    expectProblem(await refresh(first.refresh_token), 401);
    await expectRejected({ token: rotated.access_token });
  });

  it("password recovery rejects every access token of the account, including 004's form login", async () => {
    const { email, first } = await account();
    const second = await signIn(email);
    const formLogin = expectOk(await call(h.http, "POST", "/auth/login", { form: { username: email, password: PASSWORD } }), 200, loginResult);
    for (const token of [first.access_token, second.access_token, formLogin.access_token]) await expectWorks({ token });

    await recoverPassword(email);
    for (const token of [first.access_token, second.access_token, formLogin.access_token]) await expectRejected({ token });
    await expectWorks({ token: (await signIn(email, NEW_PASSWORD)).access_token });
  });

  it("keeps personal API keys working after a password recovery (they are separate, revocable credentials)", async () => {
    const { email, first } = await account();
    const key = expectOk(await call(h.http, "POST", "/users/me/api-keys", { token: first.access_token, json: { name: "integration" } }), 201, apiKeyCreated);
    await recoverPassword(email);
    await expectRejected({ token: first.access_token });
    await expectWorks({ token: key.key });
  });

  it("rejects an access token whose user was deleted", async () => {
    const { userId, first } = await account();
    await h.db.user.delete({ where: { id: userId } });
    await expectRejected({ token: first.access_token });
  });
});

describe("browser sessions (next-auth cookie)", () => {
  it("a signed-in cookie works on /api/v1 and names a live session row", async () => {
    const { email, userId } = await account();
    const { token, cookie } = await browserSignIn({ id: userId, email });
    expect(token.sid).toEqual(expect.any(String));
    expect(await h.db.authSession.findUniqueOrThrow({ where: { id: token.sid as string } })).toMatchObject({ userId, kind: "browser", endedAt: null });
    await expectWorks({ cookie });
    expect(await refreshedToken(cookie)).toMatchObject({ sub: userId, sid: token.sid });
  });

  it("after a password recovery the old cookie is rejected and gets no fresh one", async () => {
    const { email, userId } = await account();
    const { cookie } = await browserSignIn({ id: userId, email });
    const before = await sessionRoute(cookie);
    expect(before.session).toMatchObject({ user: { email } });
    expect(before.issued).toBeTruthy();

    await recoverPassword(email);
    await expectRejected({ cookie });
    expect(await refreshedToken(cookie)).toBeNull();
    // The bug this guards against: next-auth re-encoded the old JWT with a new `iat`, and the
    // fresh cookie passed a "not issued before the reset" check. Now there is no session and the
    // cookie is cleared; the cookie re-issued before the reset is dead as well.
    const after = await sessionRoute(cookie);
    expect(after.session).toBeNull();
    expect(after.issued).toBe("");
    await expectRejected({ cookie: before.issued! });
  });

  it("after sign-out the replayed cookie is rejected and gets no fresh one; other browser sessions go on", async () => {
    const { email, userId } = await account();
    const signedOut = await browserSignIn({ id: userId, email });
    const other = await browserSignIn({ id: userId, email });
    await expectWorks({ cookie: signedOut.cookie });

    await signOutEvent(signedOut.token);
    await expectRejected({ cookie: signedOut.cookie });
    expect(await refreshedToken(signedOut.cookie)).toBeNull();
    expect((await sessionRoute(signedOut.cookie)).session).toBeNull();
    await expectWorks({ cookie: other.cookie });
  });

  it("signing a browser out leaves the user's API sessions alone", async () => {
    const { email, userId, first } = await account();
    const browser = await browserSignIn({ id: userId, email });
    await signOutEvent(browser.token);
    await expectWorks({ token: first.access_token });
  });

  it("rejects cookies that name no session (issued before sessions were recorded) or another user's", async () => {
    const a = await account();
    const b = await account();
    const { token } = await browserSignIn({ id: a.userId, email: a.email });
    const legacy = await encode({ token: { sub: a.userId, email: a.email }, secret: secret() });
    await expectRejected({ cookie: legacy });
    expect(await refreshedToken(legacy)).toBeNull();

    const borrowed = await encode({ token: { ...token, sub: b.userId }, secret: secret() });
    await expectRejected({ cookie: borrowed });
    expect(await refreshedToken(borrowed)).toBeNull();
  });

  it("ends with the user: a deleted account's cookie is rejected", async () => {
    const { email, userId } = await account();
    const { cookie } = await browserSignIn({ id: userId, email });
    await h.db.user.delete({ where: { id: userId } });
    await expectRejected({ cookie });
    expect(await refreshedToken(cookie)).toBeNull();
  });

  it("slides its row's expiry with use, as next-auth slides the cookie's (at most once a day)", async () => {
    const { email, userId } = await account();
    const { token, cookie } = await browserSignIn({ id: userId, email });
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    await h.db.authSession.update({ where: { id: token.sid as string }, data: { expiresAt: soon } });
    expect(await refreshedToken(cookie)).not.toBeNull();
    const slid = await h.db.authSession.findUniqueOrThrow({ where: { id: token.sid as string } });
    expect(slid.expiresAt.getTime()).toBeGreaterThan(Date.now() + (BROWSER_SESSION_TTL_SECONDS - 60) * 1000);
    expect(await refreshedToken(cookie)).not.toBeNull();
    expect((await h.db.authSession.findUniqueOrThrow({ where: { id: token.sid as string } })).expiresAt).toEqual(slid.expiresAt);
  });

  it("expires with its row, whatever the cookie's own expiry says", async () => {
    const { email, userId } = await account();
    const { token, cookie } = await browserSignIn({ id: userId, email });
    await h.db.authSession.update({ where: { id: token.sid as string }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectRejected({ cookie });
    expect(await refreshedToken(cookie)).toBeNull();
  });
});
