import { beforeAll, describe, expect, it } from "vitest";
import { profile, sessionTokens, signupAccepted } from "@/features/identity/schemas";
import { inviteCode } from "@/server/crypto/tokens";
import { call, expectOk, expectProblem, issuePaths } from "../support/api";
import { setupApi } from "../support/harness";
import { otherCode, PASSWORD, suffix, uniqueEmail, uniqueUsername } from "../support/ids";
import { latestCode, mailsTo, signUp } from "../support/outbox";

const h = setupApi();

/** Starts a sign-up and returns the code from the outbox. */
async function startSignup(input: { username: string; email: string; password?: string; invite_code?: string }) {
  const res = await call(h.http, "POST", "/auth/verifications", { json: { password: PASSWORD, ...input } });
  expectOk(res, 202, signupAccepted);
  return latestCode(h.db, input.email);
}

const verify = (email: string, token: string) => call(h.http, "POST", "/auth/verify", { json: { type: "signup", email, token } });

describe("POST /auth/verifications", () => {
  it("accepts a sign-up with 202 and answers with the lower-cased e-mail address", async () => {
    const email = `Mixed.Case-${suffix()}@Example.COM`;
    const res = await call(h.http, "POST", "/auth/verifications", { json: { username: uniqueUsername(), email, password: PASSWORD } });
    expect(expectOk(res, 202, signupAccepted)).toEqual({ email: email.toLowerCase() });
    expect(await mailsTo(h.db, email.toLowerCase())).toHaveLength(1);
  });

  it("mails a 6-digit code to the dev outbox", async () => {
    const email = uniqueEmail();
    const code = await startSignup({ username: uniqueUsername(), email });
    expect(code).toMatch(/^\d{6}$/);
    const [mail] = await mailsTo(h.db, email);
    expect(mail.subject).toContain(code);
    expect(mail.text).toContain(code);
  });

  it("creates no account before the code is verified", async () => {
    const email = uniqueEmail();
    await startSignup({ username: uniqueUsername(), email });
    expect(await h.db.user.count({ where: { email } })).toBe(0);
  });

  it("rejects invalid fields with 422 listing each of them", async () => {
    const res = await call(h.http, "POST", "/auth/verifications", { json: { username: "ab", email: "not-an-address", password: "12345" } });
    const problem = expectProblem(res, 422, "VALIDATION_ERROR");
    expect(issuePaths(problem)).toEqual(["body.email", "body.password", "body.username"]);
  });

  it("rejects a username of more than 30 characters or with spaces", async () => {
    for (const username of ["a".repeat(31), "has space"]) {
      const res = await call(h.http, "POST", "/auth/verifications", { json: { username, email: uniqueEmail(), password: PASSWORD } });
      expect(issuePaths(expectProblem(res, 422))).toEqual(["body.username"]);
    }
  });

  it("answers 409 when the username is taken, whatever its case", async () => {
    const username = `Ana_${suffix()}`;
    await signUp(h.http, h.db, { username, email: uniqueEmail(), password: PASSWORD });
    const res = await call(h.http, "POST", "/auth/verifications", {
      json: { username: username.toLowerCase(), email: uniqueEmail(), password: PASSWORD },
    });
    expectProblem(res, 409, "CONFLICT");
  });

  it("answers 202 for an already-registered address without creating a second account, and mails the owner", async () => {
    const email = uniqueEmail();
    const username = uniqueUsername();
    const session = await signUp(h.http, h.db, { username, email, password: PASSWORD });

    const again = await call(h.http, "POST", "/auth/verifications", {
      json: { username: uniqueUsername(), email: email.toUpperCase(), password: "another password" },
    });
    expect(expectOk(again, 202, signupAccepted)).toEqual({ email });

    const accounts = await h.db.user.findMany({ where: { email } });
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ id: session.user.id, username });
    const mails = await mailsTo(h.db, email);
    expect(mails.at(-1)?.subject).toMatch(/already have an Atrium account/);
    expect(mails.at(-1)?.text).not.toMatch(/\b\d{6}\b/);
    // The original password still signs in; the second attempt changed nothing.
    expectOk(await call(h.http, "POST", "/auth/sessions", { json: { email, password: PASSWORD } }), 200, sessionTokens);
  });
});

describe("POST /auth/verify (sign-up)", () => {
  it("turns the right code into a session whose access token works on GET /users/me", async () => {
    const email = uniqueEmail();
    const username = uniqueUsername();
    const code = await startSignup({ username, email });

    const session = expectOk(await verify(email, code), 200, sessionTokens);
    expect(session.token_type).toBe("bearer");
    expect(session.expires_in).toBe(3600);
    expect(session.user).toEqual({ id: expect.any(String), email });

    const me = expectOk(await call(h.http, "GET", "/users/me", { token: session.access_token }), 200, profile);
    expect(me).toMatchObject({ id: session.user.id, username });
    const row = await h.db.user.findUniqueOrThrow({ where: { id: session.user.id } });
    expect(row.emailConfirmedAt).toBeInstanceOf(Date);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("accepts the e-mail address in any case", async () => {
    const email = uniqueEmail();
    const code = await startSignup({ username: uniqueUsername(), email });
    expectOk(await verify(email.toUpperCase(), code), 200, sessionTokens);
  });

  it("rejects a wrong code with a 401 problem", async () => {
    const email = uniqueEmail();
    const code = await startSignup({ username: uniqueUsername(), email });
    const problem = expectProblem(await verify(email, otherCode(code)), 401, "UNAUTHORIZED");
    expect(problem.instance).toBe("/api/v1/auth/verify");
    expect(await h.db.user.count({ where: { email } })).toBe(0);
  });

  it("rejects a code that is not 6 digits with 422", async () => {
    const res = await verify(uniqueEmail(), "12345");
    expect(issuePaths(expectProblem(res, 422))).toEqual(["body.token"]);
  });

  it("accepts a code only once", async () => {
    const email = uniqueEmail();
    const code = await startSignup({ username: uniqueUsername(), email });
    expectOk(await verify(email, code), 200, sessionTokens);
    expectProblem(await verify(email, code), 401);
    expect(await h.db.user.count({ where: { email } })).toBe(1);
  });

  it("rejects an expired code with 401", async () => {
    const email = uniqueEmail();
    const code = await startSignup({ username: uniqueUsername(), email });
    await h.db.verificationCode.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectProblem(await verify(email, code), 401);
    expect(await h.db.user.count({ where: { email } })).toBe(0);
  });

  it("keeps the right code working after four wrong guesses", async () => {
    const email = uniqueEmail();
    const code = await startSignup({ username: uniqueUsername(), email });
    for (let i = 0; i < 4; i++) expectProblem(await verify(email, otherCode(code)), 401);
    expectOk(await verify(email, code), 200, sessionTokens);
  });

  it("kills the code after five wrong guesses, so the right one no longer works", async () => {
    const email = uniqueEmail();
    const code = await startSignup({ username: uniqueUsername(), email });
    for (let i = 0; i < 5; i++) expectProblem(await verify(email, otherCode(code)), 401);
    expectProblem(await verify(email, code), 401);
    expect(await h.db.user.count({ where: { email } })).toBe(0);
  });

  it("answers 409 when another sign-up took the username between request and verification", async () => {
    const username = uniqueUsername();
    const first = uniqueEmail();
    const second = uniqueEmail();
    const firstCode = await startSignup({ username, email: first });
    const secondCode = await startSignup({ username: username.toUpperCase(), email: second });
    expectOk(await verify(first, firstCode), 200, sessionTokens);
    expectProblem(await verify(second, secondCode), 409, "CONFLICT");
  });
});

describe("POST /auth/resend (sign-up)", () => {
  it("mails a new code, and the old one stops working", async () => {
    const email = uniqueEmail();
    const oldCode = await startSignup({ username: uniqueUsername(), email });
    let newCode = oldCode;
    // A fresh code equals the old one once in a million; ask again rather than fail at random.
    for (let i = 0; i < 3 && newCode === oldCode; i++) {
      const res = await call(h.http, "POST", "/auth/resend", { json: { type: "signup", email } });
      expect(res.status, res.text).toBe(204);
      newCode = await latestCode(h.db, email);
    }
    expect(newCode).not.toBe(oldCode);
    expect((await mailsTo(h.db, email)).length).toBeGreaterThanOrEqual(2);

    expectProblem(await verify(email, oldCode), 401);
    expectOk(await verify(email, newCode), 200, sessionTokens);
  });

  it("defaults to type signup", async () => {
    const email = uniqueEmail();
    await startSignup({ username: uniqueUsername(), email });
    const res = await call(h.http, "POST", "/auth/resend", { json: { email } });
    expect(res.status).toBe(204);
    expect(await mailsTo(h.db, email)).toHaveLength(2);
  });

  it("answers 204 and mails nothing for an address with no sign-up in progress", async () => {
    const email = uniqueEmail();
    const res = await call(h.http, "POST", "/auth/resend", { json: { type: "signup", email } });
    expect(res.status).toBe(204);
    expect(await mailsTo(h.db, email)).toHaveLength(0);
  });

  it("rejects an unknown type with 422", async () => {
    const res = await call(h.http, "POST", "/auth/resend", { json: { type: "magic", email: uniqueEmail() } });
    expect(issuePaths(expectProblem(res, 422))).toEqual(["body.type"]);
  });
});

describe("invite codes", () => {
  let inviterId: string;

  beforeAll(async () => {
    const session = await signUp(h.http, h.db, { username: uniqueUsername("inviter"), email: uniqueEmail("inviter"), password: PASSWORD });
    inviterId = session.user.id;
  });

  async function signUpWith(invite_code: string) {
    const email = uniqueEmail("invitee");
    const session = await signUp(h.http, h.db, { username: uniqueUsername("invitee"), email, password: PASSWORD, invite_code });
    return h.db.user.findUniqueOrThrow({ where: { id: session.user.id } });
  }

  it("gives every new account an 8-character invite code of its own", async () => {
    const codes = await h.db.inviteCode.findMany({ where: { ownerId: inviterId } });
    expect(codes).toHaveLength(1);
    expect(codes[0].code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  });

  it("links the new account to the inviter and counts the use", async () => {
    const code = await h.db.inviteCode.findFirstOrThrow({ where: { ownerId: inviterId } });
    const invitee = await signUpWith(code.code);
    expect(invitee.invitedById).toBe(inviterId);
    const after = await h.db.inviteCode.findUniqueOrThrow({ where: { id: code.id } });
    expect(after.uses).toBe(code.uses + 1);
  });

  it("accepts the code typed in lower case", async () => {
    const code = await h.db.inviteCode.findFirstOrThrow({ where: { ownerId: inviterId } });
    const invitee = await signUpWith(code.code.toLowerCase());
    expect(invitee.invitedById).toBe(inviterId);
  });

  const invalid: [string, () => Promise<string>][] = [
    ["an unknown code", async () => freeCode()],
    ["garbage", async () => "not a code!"],
    ["an empty string", async () => ""],
    ["a disabled code", async () => (await h.db.inviteCode.create({ data: { code: await freeCode(), ownerId: inviterId, disabled: true } })).code],
    [
      "an expired code",
      async () => (await h.db.inviteCode.create({ data: { code: await freeCode(), ownerId: inviterId, expiresAt: new Date(Date.now() - 60_000) } })).code,
    ],
    ["a used-up code", async () => (await h.db.inviteCode.create({ data: { code: await freeCode(), ownerId: inviterId, maxUses: 1, uses: 1 } })).code],
  ];

  it.each(invalid)("lets sign-up succeed with %s, linking nobody", async (_label, makeCode) => {
    const code = await makeCode();
    const before = await h.db.inviteCode.findUnique({ where: { code } });
    const invitee = await signUpWith(code);
    expect(invitee.invitedById).toBeNull();
    if (before) expect((await h.db.inviteCode.findUniqueOrThrow({ where: { id: before.id } })).uses).toBe(before.uses);
  });

  async function freeCode() {
    for (;;) {
      const code = inviteCode();
      if (!(await h.db.inviteCode.findUnique({ where: { code } }))) return code;
    }
  }
});
