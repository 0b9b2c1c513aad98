import { describe, expect, it } from "vitest";
import { sessionTokens } from "@/features/identity/schemas";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { otherCode, PASSWORD, uniqueEmail, uniqueUsername } from "../support/ids";
import { latestCode, mailsTo, signUp } from "../support/outbox";

const h = setupApi();
const NEW_PASSWORD = "a brand new passphrase";

async function account() {
  const email = uniqueEmail("recover");
  const session = await signUp(h.http, h.db, { username: uniqueUsername(), email, password: PASSWORD });
  return { email, session };
}

async function requestRecovery(email: string) {
  expectNoContent(await call(h.http, "POST", "/auth/resend", { json: { type: "recovery", email } }));
  return latestCode(h.db, email);
}

const recover = (email: string, token: string, new_password = NEW_PASSWORD) =>
  call(h.http, "POST", "/auth/verify", { json: { type: "recovery", email, token, new_password } });
const signIn = (email: string, password: string) => call(h.http, "POST", "/auth/sessions", { json: { email, password } });

describe("password recovery", () => {
  it("mails a reset code on POST /auth/resend with type recovery", async () => {
    const { email } = await account();
    const code = await requestRecovery(email);
    expect(code).toMatch(/^\d{6}$/);
    expect((await mailsTo(h.db, email)).at(-1)?.subject).toMatch(/password reset code/);
  });

  it("sets the new password with 204: the old one fails and the new one signs in", async () => {
    const { email } = await account();
    const code = await requestRecovery(email);
    expectNoContent(await recover(email, code));
    expectProblem(await signIn(email, PASSWORD), 401);
    expectOk(await signIn(email, NEW_PASSWORD), 200, sessionTokens);
  });

  it("revokes every refresh token the account had", async () => {
    const { email, session } = await account();
    const second = expectOk(await signIn(email, PASSWORD), 200, sessionTokens);
    expectNoContent(await recover(email, await requestRecovery(email)));
    for (const refresh_token of [session.refresh_token, second.refresh_token]) {
      expectProblem(await call(h.http, "POST", "/auth/sessions/refresh", { json: { refresh_token } }), 401);
    }
  });

  it("stops access tokens issued before the reset, and lets new ones work", async () => {
    const { email, session } = await account();
    expect((await call(h.http, "GET", "/users/me", { token: session.access_token })).status).toBe(200);
    expectNoContent(await recover(email, await requestRecovery(email)));
    expectProblem(await call(h.http, "GET", "/users/me", { token: session.access_token }), 401);
    const fresh = expectOk(await signIn(email, NEW_PASSWORD), 200, sessionTokens);
    expect((await call(h.http, "GET", "/users/me", { token: fresh.access_token })).status).toBe(200);
  });

  it("answers 204 for an unknown address and mails nothing", async () => {
    const email = uniqueEmail("nobody");
    expectNoContent(await call(h.http, "POST", "/auth/resend", { json: { type: "recovery", email } }));
    expect(await mailsTo(h.db, email)).toHaveLength(0);
  });

  it("rejects a wrong recovery code with 401 and keeps the old password", async () => {
    const { email } = await account();
    const code = await requestRecovery(email);
    expectProblem(await recover(email, otherCode(code)), 401, "UNAUTHORIZED");
    expectOk(await signIn(email, PASSWORD), 200, sessionTokens);
  });

  it("rejects a recovery code for an address without an account with 401", async () => {
    expectProblem(await recover(uniqueEmail("nobody"), "123456"), 401);
  });

  it("does not accept a sign-up code as a recovery code", async () => {
    const email = uniqueEmail();
    await call(h.http, "POST", "/auth/verifications", { json: { username: uniqueUsername(), email, password: PASSWORD } });
    const signupCode = await latestCode(h.db, email);
    expectProblem(await recover(email, signupCode), 401);
  });

  it("accepts a recovery code only once", async () => {
    const { email } = await account();
    const code = await requestRecovery(email);
    expectNoContent(await recover(email, code));
    expectProblem(await recover(email, code, "yet another passphrase"), 401);
    expectOk(await signIn(email, NEW_PASSWORD), 200, sessionTokens);
  });

  it("requires a new password of at least 6 characters (422)", async () => {
    const { email } = await account();
    const code = await requestRecovery(email);
    expect(issuePaths(expectProblem(await recover(email, code, "short"), 422))).toEqual(["body.new_password"]);
  });
});
