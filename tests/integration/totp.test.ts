import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { approval, totpConfirmed, totpSetup, totpStatus } from "@/features/approvals/schemas";
import { call, expectOk, expectProblem } from "../support/api";
import { setupApi } from "../support/harness";
import { person, type Person } from "../support/people";

const api = setupApi();

const totpOf = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
/** A code of the next 30-second step (inside the ±1 window), for a second use within the same step. */
const nextCode = (secret: string) => totpOf(secret).generate({ timestamp: Date.now() + 30_000 });
const status = async (who: Person) => expectOk(await call(api.http, "GET", "/api/approvals/totp/status", { token: who.token }), 200, totpStatus);
const approve = (who: Person, id: string, totp_code?: string) => call(api.http, "POST", `/api/approvals/${id}/approve`, { token: who.token, json: totp_code === undefined ? {} : { totp_code } });
const ask = async (who: Person) => expectOk(await call(api.http, "POST", "/api/approvals", { token: who.token, json: { action: "http_get", payload: { url: "https://example.com" } } }), 201, approval);
/** Lets a later code be accepted again without waiting 30 s (the replay guard keeps the last step used). */
const forgetLastStep = (who: Person) => api.db.totpEnrolment.update({ where: { userId: who.id }, data: { lastUsedStep: null } });

async function enrolled(tag: string) {
  const who = await person(api.http, api.db, tag);
  const setup = expectOk(await call(api.http, "POST", "/api/approvals/totp/setup", { token: who.token }), 200, totpSetup);
  const confirmCode = totpOf(setup.secret).generate();
  const confirmed = expectOk(await call(api.http, "POST", "/api/approvals/totp/confirm", { token: who.token, json: { code: confirmCode } }), 200, totpConfirmed);
  return { who, secret: setup.secret, recovery: confirmed.recovery_codes, confirmCode };
}

describe("TOTP enrolment", () => {
  it("answers 401 without credentials", async () => {
    expectProblem(await call(api.http, "GET", "/api/approvals/totp/status"), 401);
    expectProblem(await call(api.http, "POST", "/api/approvals/totp/setup"), 401);
    expectProblem(await call(api.http, "POST", "/api/approvals/totp/confirm", { json: { code: "123456" } }), 401);
    expectProblem(await call(api.http, "DELETE", "/api/approvals/totp", { json: { code: "123456" } }), 401);
  });

  it("sets up a base32 secret and an otpauth:// URI, stored encrypted and inactive until confirmed with a real code", async () => {
    const ana = await person(api.http, api.db, "ana");
    expect(await status(ana)).toEqual({ enrolled: false, confirmed: false, enforced: false, remaining_recovery_codes: 0 });
    const setup = expectOk(await call(api.http, "POST", "/api/approvals/totp/setup", { token: ana.token }), 200, totpSetup);
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauth_uri).toMatch(/^otpauth:\/\/totp\/Atrium:.+\?.*secret=[A-Z2-7]+/);
    expect(setup.otpauth_url).toBe(setup.otpauth_uri);
    const stored = await api.db.totpEnrolment.findUniqueOrThrow({ where: { userId: ana.id } });
    expect(stored.secretEnc).toMatch(/^v1:/);
    expect(stored.secretEnc).not.toContain(setup.secret);
    expect(await status(ana)).toEqual({ enrolled: true, confirmed: false, enforced: false, remaining_recovery_codes: 0 });

    // Not confirmed yet: approving needs no code.
    expectOk(await approve(ana, (await ask(ana)).id), 200, approval);

    const wrong = totpOf(setup.secret).generate() === "000000" ? "111111" : "000000";
    expectProblem(await call(api.http, "POST", "/api/approvals/totp/confirm", { token: ana.token, json: { code: wrong } }), 400);
    expectProblem(await call(api.http, "POST", "/api/approvals/totp/confirm", { token: ana.token, json: {} }), 422);
    const confirmed = expectOk(await call(api.http, "POST", "/api/approvals/totp/confirm", { token: ana.token, json: { code: totpOf(setup.secret).generate() } }), 200, totpConfirmed);
    expect(confirmed).toMatchObject({ enrolled: true, confirmed: true, enforced: true, remaining_recovery_codes: 10 });
    expect(confirmed.recovery_codes).toHaveLength(10);
    expect(new Set(confirmed.recovery_codes).size).toBe(10);
    const hashes = await api.db.totpRecoveryCode.findMany({ where: { userId: ana.id } });
    expect(hashes.some((h) => confirmed.recovery_codes.includes(h.codeHash))).toBe(false);

    expectProblem(await call(api.http, "POST", "/api/approvals/totp/confirm", { token: ana.token, json: { code: nextCode(setup.secret) } }), 409);
    expectProblem(await call(api.http, "POST", "/api/approvals/totp/setup", { token: ana.token }), 409);
  });

  it("confirm before setup is 400", async () => {
    const ana = await person(api.http, api.db, "ana");
    expectProblem(await call(api.http, "POST", "/api/approvals/totp/confirm", { token: ana.token, json: { code: "123456" } }), 400);
  });
});

describe("approving with TOTP enforced", () => {
  it("needs a valid code (400 without or with a wrong one) and refuses a code used before (replay)", async () => {
    const { who, secret, confirmCode } = await enrolled("ana");
    const a = await ask(who);
    expect(expectProblem(await approve(who, a.id), 400).detail).toMatch(/totp_code/);
    expectProblem(await approve(who, a.id, "12345"), 400);
    expectProblem(await approve(who, a.id, "not a code"), 400);
    // The code that confirmed the enrolment is spent.
    expect(expectProblem(await approve(who, a.id, confirmCode), 400).detail).toMatch(/already used/);
    const code = nextCode(secret);
    expect(expectOk(await approve(who, a.id, code), 200, approval).status).toBe("approved");
    const b = await ask(who);
    expect(expectProblem(await approve(who, b.id, code), 400).detail).toMatch(/already used/);
    expectProblem(await call(api.http, "POST", `/api/v1/approval/${b.id}/decision`, { token: who.token, json: { decision: "approve" } }), 400);
    // Rejecting needs no code.
    expectOk(await call(api.http, "POST", `/api/approvals/${b.id}/reject`, { token: who.token }), 200, approval);
  });

  it("accepts each recovery code once", async () => {
    const { who, recovery } = await enrolled("ana");
    const [a, b] = [await ask(who), await ask(who)];
    expectOk(await approve(who, a.id, recovery[0].toLowerCase()), 200, approval);
    expect((await status(who)).remaining_recovery_codes).toBe(9);
    expectProblem(await approve(who, b.id, recovery[0]), 400);
    expectOk(await call(api.http, "POST", `/api/v1/approval/${b.id}/decision`, { token: who.token, json: { decision: "approve", totp_code: recovery[1] } }), 200, approval);
    expect((await status(who)).remaining_recovery_codes).toBe(8);
  });

  it("locks guessing after five wrong codes (429 with Retry-After), even for a right code", async () => {
    const { who, secret } = await enrolled("ana");
    const a = await ask(who);
    const good = nextCode(secret);
    const wrong = good === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) expectProblem(await approve(who, a.id, wrong), 400);
    const locked = await approve(who, a.id, wrong);
    expectProblem(locked, 429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(200);
    expectProblem(await approve(who, a.id, good), 429);
    expectProblem(await call(api.http, "DELETE", "/api/approvals/totp", { token: who.token, json: { code: good } }), 429);
    // After the lock, the right code works again.
    await api.db.totpEnrolment.update({ where: { userId: who.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expectOk(await approve(who, a.id, good), 200, approval);
  });
});

describe("DELETE /api/approvals/totp", () => {
  it("needs a valid TOTP or recovery code (400 otherwise, 400 when not enrolled) and turns enforcement off", async () => {
    const { who, secret, recovery } = await enrolled("ana");
    expectProblem(await call(api.http, "DELETE", "/api/approvals/totp", { token: who.token, json: { code: "000000" === nextCode(secret) ? "111111" : "000000" } }), 400);
    expectProblem(await call(api.http, "DELETE", "/api/approvals/totp", { token: who.token, json: { code: "ZZZZ-ZZZZ-ZZ" } }), 400);
    expectProblem(await call(api.http, "DELETE", "/api/approvals/totp", { token: who.token, json: {} }), 422);
    const off = expectOk(await call(api.http, "DELETE", "/api/approvals/totp", { token: who.token, json: { code: recovery[3] } }), 200, totpStatus);
    expect(off).toEqual({ enrolled: false, confirmed: false, enforced: false, remaining_recovery_codes: 0 });
    expect(await api.db.totpRecoveryCode.count({ where: { userId: who.id } })).toBe(0);
    expectProblem(await call(api.http, "DELETE", "/api/approvals/totp", { token: who.token, json: { code: "123456" } }), 400);
    // Approving needs no code again, and a new setup is allowed.
    expectOk(await approve(who, (await ask(who)).id), 200, approval);
    expectOk(await call(api.http, "POST", "/api/approvals/totp/setup", { token: who.token }), 200, totpSetup);
  });

  it("with a TOTP code", async () => {
    const { who, secret } = await enrolled("ben");
    await forgetLastStep(who);
    expectOk(await call(api.http, "DELETE", "/api/approvals/totp", { token: who.token, json: { code: totpOf(secret).generate() } }), 200, totpStatus);
    expect((await status(who)).enrolled).toBe(false);
  });
});
