import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { me as meSchema, profile } from "@/features/identity/schemas";
import type { Db } from "@/server/db/client";
import { createTestDb, type TestDb } from "../support/db";
import { closeRedis } from "../support/harness";
import { otherCode, PASSWORD, suffix, uniqueEmail, uniqueUsername } from "../support/ids";
import { latestCode, mailsTo } from "../support/outbox";
import { callerFor, expectTrpcError } from "../support/trpc";

let testDb: TestDb;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db;
});
afterAll(async () => {
  await testDb?.close();
  await closeRedis();
});

/** Signs up through identity.signup and identity.verify, as the browser's sign-up page does. */
async function signUpViaTrpc(input: { username?: string; email?: string; invite_code?: string } = {}) {
  const email = input.email ?? uniqueEmail("trpc");
  const username = input.username ?? uniqueUsername("trpc");
  const anonymous = callerFor(db, null);
  expect(await anonymous.identity.signup({ username, email, password: PASSWORD, invite_code: input.invite_code })).toEqual({ email });
  expect(await anonymous.identity.verify({ type: "signup", email, token: await latestCode(db, email) })).toEqual({ ok: true });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return { user, caller: callerFor(db, user.id) };
}

describe("identity over tRPC (createCaller)", () => {
  it("signs up with signup + verify, creating a confirmed account", async () => {
    const { user } = await signUpViaTrpc();
    expect(user.emailConfirmedAt).toBeInstanceOf(Date);
  });

  it("rejects a wrong code in verify with UNAUTHORIZED", async () => {
    const email = uniqueEmail("trpc");
    const anonymous = callerFor(db, null);
    await anonymous.identity.signup({ username: uniqueUsername(), email, password: PASSWORD });
    const error = await expectTrpcError(anonymous.identity.verify({ type: "signup", email, token: otherCode(await latestCode(db, email)) }), "UNAUTHORIZED");
    expect(error.message).toMatch(/invalid or has expired/);
  });

  it("rejects invalid input with BAD_REQUEST listing the issues", async () => {
    const error = await expectTrpcError(callerFor(db, null).identity.signup({ username: "ab", email: "nope", password: PASSWORD }), "BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    expect((error.cause as ZodError).issues.map((i) => i.path.join(".")).sort()).toEqual(["email", "username"]);
  });

  it("answers CONFLICT for a taken username", async () => {
    const { user } = await signUpViaTrpc();
    await expectTrpcError(
      callerFor(db, null).identity.signup({ username: user.username.toUpperCase(), email: uniqueEmail(), password: PASSWORD }),
      "CONFLICT",
    );
  });

  it("returns the viewer from identity.me", async () => {
    const { user, caller } = await signUpViaTrpc();
    const me = meSchema.parse(await caller.identity.me());
    expect(me).toMatchObject({ id: user.id, email: user.email, username: user.username, role: "user" });
  });

  it("updates the profile with identity.updateProfile", async () => {
    const { user, caller } = await signUpViaTrpc();
    const updated = profile.parse(await caller.identity.updateProfile({ bio: "From tRPC", avatar_url: "https://example.com/p.png" }));
    expect(updated).toEqual({ id: user.id, username: user.username, bio: "From tRPC", avatar_url: "https://example.com/p.png" });
    expect((await caller.identity.me()).bio).toBe("From tRPC");
  });

  it("rejects an invalid profile update with BAD_REQUEST and a taken username with CONFLICT", async () => {
    const other = await signUpViaTrpc();
    const { caller } = await signUpViaTrpc();
    await expectTrpcError(caller.identity.updateProfile({ bio: "b".repeat(201) }), "BAD_REQUEST");
    await expectTrpcError(caller.identity.updateProfile({ username: other.user.username }), "CONFLICT");
  });

  it("finds people with identity.search", async () => {
    const tag = suffix(4);
    const target = await signUpViaTrpc({ username: `findme_${tag}` });
    const { caller } = await signUpViaTrpc();
    expect((await caller.identity.search({ query: `FINDME_${tag}` })).map((p) => p.id)).toEqual([target.user.id]);
  });

  it("refuses every signed-in procedure to an anonymous caller with UNAUTHORIZED", async () => {
    const anonymous = callerFor(db, null);
    await expectTrpcError(anonymous.identity.me(), "UNAUTHORIZED");
    await expectTrpcError(anonymous.identity.updateProfile({ bio: "x" }), "UNAUTHORIZED");
    await expectTrpcError(anonymous.identity.search({ query: "x" }), "UNAUTHORIZED");
    await expectTrpcError(anonymous.identity.inviteCode(), "UNAUTHORIZED");
  });

  it("treats a viewer whose account is gone as not found", async () => {
    const { user, caller } = await signUpViaTrpc();
    await db.user.delete({ where: { id: user.id } });
    await expectTrpcError(caller.identity.me(), "NOT_FOUND");
  });

  it("mails a recovery code from identity.requestRecovery", async () => {
    const { user } = await signUpViaTrpc();
    await callerFor(db, null).identity.requestRecovery({ email: user.email.toUpperCase() });
    expect((await mailsTo(db, user.email)).at(-1)?.subject).toMatch(/password reset code: \d{6}/);
  });

  it("sets a new password with identity.verify of type recovery", async () => {
    const { user } = await signUpViaTrpc();
    const anonymous = callerFor(db, null);
    await anonymous.identity.requestRecovery({ email: user.email });
    const token = await latestCode(db, user.email);
    expect(await anonymous.identity.verify({ type: "recovery", email: user.email, token, new_password: "new password 123" })).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).not.toBe(user.passwordHash);
  });
});

describe("identity.inviteCode", () => {
  it("returns the viewer's 8-character code from the alphabet without 0, 1, I, L and O", async () => {
    const { caller } = await signUpViaTrpc();
    const invite = await caller.identity.inviteCode();
    expect(invite.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(invite.code).not.toMatch(/[01ILO]/);
    expect(invite).toMatchObject({ uses: 0, invited: 0 });
    expect((await caller.identity.inviteCode()).code).toBe(invite.code);
  });

  it("counts the people who signed up with it", async () => {
    const inviter = await signUpViaTrpc();
    const { code } = await inviter.caller.identity.inviteCode();
    const invitee = await signUpViaTrpc({ invite_code: code });
    expect(invitee.user.invitedById).toBe(inviter.user.id);
    expect(await inviter.caller.identity.inviteCode()).toMatchObject({ code, uses: 1, invited: 1 });
  });
});
