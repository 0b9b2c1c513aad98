import { describe, expect, it } from "vitest";
import { loginResult, me, registeredUser } from "@/features/identity/schemas";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { PASSWORD, suffix, uniqueEmail } from "../support/ids";

const h = setupApi();

async function register(nickname = `Nick ${suffix(3)}`) {
  const email = uniqueEmail("Reg");
  const user = expectOk(await call(h.http, "POST", "/auth/register", { json: { email, password: PASSWORD, nickname } }), 201, registeredUser);
  return { email: email.toLowerCase(), nickname, user };
}

const login = (username: string, password: string) => call(h.http, "POST", "/auth/login", { form: { username, password } });

describe("seed 004 auth module", () => {
  it("registers with 201, e-mail lower-cased and the nickname echoed", async () => {
    const { email, nickname, user } = await register();
    expect(user).toMatchObject({ email, nickname });
    expect(user.username).toMatch(/^[^\s@]{3,30}$/);
    expect(await h.db.user.count({ where: { email } })).toBe(1);
  });

  it("signs in with a form-encoded e-mail and password, and the token works on GET /auth/me", async () => {
    const { email, user } = await register();
    const session = expectOk(await login(email, PASSWORD), 200, loginResult);
    expect(session.token_type).toBe("bearer");

    const body = expectOk(await call(h.http, "GET", "/auth/me", { token: session.access_token }), 200, me);
    expect(body).toMatchObject({ id: user.id, email, username: user.username, role: "user", email_confirmed_at: null });
  });

  it("signs in with the username instead of the e-mail address", async () => {
    const { user } = await register();
    expectOk(await login(user.username, PASSWORD), 200, loginResult);
    expectOk(await login(user.username.toUpperCase(), PASSWORD), 200, loginResult);
  });

  it("rejects a wrong password and an unknown user with 401", async () => {
    const { email } = await register();
    expectProblem(await login(email, "not the password"), 401, "UNAUTHORIZED");
    expectProblem(await login(uniqueEmail("nobody"), PASSWORD), 401, "UNAUTHORIZED");
  });

  it("rejects a login form without a password with 422", async () => {
    const res = await call(h.http, "POST", "/auth/login", { form: { username: uniqueEmail() } });
    expect(issuePaths(expectProblem(res, 422))).toEqual(["body.password"]);
  });

  it("answers 409 when the address is already registered", async () => {
    const { email } = await register();
    const res = await call(h.http, "POST", "/auth/register", { json: { email: email.toUpperCase(), password: PASSWORD, nickname: "again" } });
    expectProblem(res, 409, "CONFLICT");
  });

  it("gives two people with the same nickname different usernames", async () => {
    const nickname = `Twin ${suffix(3)}`;
    const a = await register(nickname);
    const b = await register(nickname);
    expect(a.user.nickname).toBe(b.user.nickname);
    expect(a.user.username.toLowerCase()).not.toBe(b.user.username.toLowerCase());
  });

  it("rejects an invalid registration with 422 listing the fields", async () => {
    const res = await call(h.http, "POST", "/auth/register", { json: { email: "nope", password: "123", nickname: "" } });
    expect(issuePaths(expectProblem(res, 422))).toEqual(["body.email", "body.nickname", "body.password"]);
  });

  it("answers 401 on GET /auth/me without a token", async () => {
    expectProblem(await call(h.http, "GET", "/auth/me"), 401);
  });
});
