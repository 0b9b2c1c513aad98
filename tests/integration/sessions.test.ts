import { beforeAll, describe, expect, it } from "vitest";
import { profile, sessionTokens } from "@/features/identity/schemas";
import { sha256 } from "@/server/crypto/tokens";
import { call, expectNoContent, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD, uniqueEmail, uniqueUsername } from "../support/ids";
import { signUp } from "../support/outbox";

const h = setupApi();
let email: string;
let userId: string;

beforeAll(async () => {
  email = uniqueEmail("sessions");
  userId = (await signUp(h.http, h.db, { username: uniqueUsername(), email, password: PASSWORD })).user.id;
});

const signIn = (address: string, password: string) => call(h.http, "POST", "/auth/sessions", { json: { email: address, password } });
const refresh = (refresh_token: string) => call(h.http, "POST", "/auth/sessions/refresh", { json: { refresh_token } });
const newSession = async () => expectOk(await signIn(email, PASSWORD), 200, sessionTokens);

describe("POST /auth/sessions (sign-in)", () => {
  it("signs in with the right password", async () => {
    const session = await newSession();
    expect(session.user).toEqual({ id: userId, email });
    expect(session.token_type).toBe("bearer");
    expectOk(await call(h.http, "GET", "/users/me", { token: session.access_token }), 200, profile);
  });

  it("accepts the e-mail address in any case", async () => {
    expectOk(await signIn(email.toUpperCase(), PASSWORD), 200, sessionTokens);
  });

  it("rejects a wrong password and an unknown address with the same 401", async () => {
    const wrongPassword = expectProblem(await signIn(email, "not the password"), 401, "UNAUTHORIZED");
    const unknownAddress = expectProblem(await signIn(uniqueEmail("nobody"), PASSWORD), 401, "UNAUTHORIZED");
    expect(unknownAddress.detail).toBe(wrongPassword.detail);
  });

  it("rejects a malformed body with 422 listing the issues", async () => {
    const problem = expectProblem(await call(h.http, "POST", "/auth/sessions", { json: { email: "nope" } }), 422, "VALIDATION_ERROR");
    expect(issuePaths(problem)).toEqual(["body.email", "body.password"]);
    expect(problem.issues?.every((i) => i.message.length > 0)).toBe(true);
  });

  it("rejects a missing body with 422", async () => {
    expectProblem(await call(h.http, "POST", "/auth/sessions"), 422);
  });
});

describe("POST /auth/sessions/refresh", () => {
  it("rotates: returns a new pair, the new refresh token works and the old one is refused", async () => {
    const first = await newSession();
    const second = expectOk(await refresh(first.refresh_token), 200, sessionTokens);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.user).toEqual({ id: userId, email });
    expectOk(await call(h.http, "GET", "/users/me", { token: second.access_token }), 200, profile);

    const third = expectOk(await refresh(second.refresh_token), 200, sessionTokens);
    expect(third.refresh_token).not.toBe(second.refresh_token);
  });

  it("rejects a refresh token that was already rotated, and revokes its whole family", async () => {
    const first = await newSession();
    const second = expectOk(await refresh(first.refresh_token), 200, sessionTokens);
    expectProblem(await refresh(first.refresh_token), 401, "UNAUTHORIZED");
    // The newest token of that family is dead too: neither the thief nor the victim keeps it.
    expectProblem(await refresh(second.refresh_token), 401);
  });

  it("leaves the account's other sessions alone when one family is revoked", async () => {
    const other = await newSession();
    const first = await newSession();
    await refresh(first.refresh_token);
    await refresh(first.refresh_token);
    expectOk(await refresh(other.refresh_token), 200, sessionTokens);
  });

  it("rejects an expired refresh token with 401", async () => {
    const session = await newSession();
    await h.db.refreshToken.update({ where: { tokenHash: sha256(session.refresh_token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectProblem(await refresh(session.refresh_token), 401);
  });

  it("rejects an unknown refresh token with 401", async () => {
    expectProblem(await refresh("this-token-was-never-issued"), 401);
  });

  it("stores refresh tokens hashed", async () => {
    const session = await newSession();
    const row = await h.db.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(session.refresh_token) } });
    expect(JSON.stringify(row)).not.toContain(session.refresh_token);
  });

  it("rejects a missing refresh_token with 422", async () => {
    expect(issuePaths(expectProblem(await call(h.http, "POST", "/auth/sessions/refresh", { json: {} }), 422))).toEqual([
      "body.refresh_token",
    ]);
  });
});

describe("DELETE /auth/sessions (sign-out)", () => {
  it("answers 204, and that refresh token no longer refreshes", async () => {
    const session = await newSession();
    expectNoContent(await call(h.http, "DELETE", "/auth/sessions", { json: { refresh_token: session.refresh_token } }));
    expectProblem(await refresh(session.refresh_token), 401);
  });

  it("ends the session even when signing out with an older token of it", async () => {
    const first = await newSession();
    const second = expectOk(await refresh(first.refresh_token), 200, sessionTokens);
    expectNoContent(await call(h.http, "DELETE", "/auth/sessions", { json: { refresh_token: first.refresh_token } }));
    expectProblem(await refresh(second.refresh_token), 401);
  });

  it("answers 204 for an unknown token (signing out twice is harmless)", async () => {
    expectNoContent(await call(h.http, "DELETE", "/auth/sessions", { json: { refresh_token: "never-issued" } }));
  });

  it("rejects a missing refresh_token with 422", async () => {
    expectProblem(await call(h.http, "DELETE", "/auth/sessions", { json: {} }), 422);
  });
});
