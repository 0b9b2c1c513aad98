import "server-only";
import { randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import type { TotpEnrolment } from "@/generated/prisma/client";
import { recordAudit } from "@/features/audit/record";
import type { AuthedContext } from "@/server/context";
import { decryptSecret, encryptSecret } from "@/server/crypto/secrets";
import { INVITE_ALPHABET, sha256 } from "@/server/crypto/tokens";
import type { Db, DbTx } from "@/server/db/client";
import { AppError, conflict } from "@/server/errors";
import { approvalsConfig } from "../config";
import type { TotpStatus } from "../schemas";

/** RFC 6238 defaults every authenticator app reads: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
/** A code of the step before or after the current one still counts (clock drift, slow typing). */
const WINDOW = 1;
/** Wrong codes in a row before guessing is locked... */
export const MAX_FAILED_CODES = 5;
/** ...for this long. */
export const LOCK_MS = 5 * 60_000;
const RECOVERY_CODES = 10;

const context = (userId: string) => `totp:${userId}`;
const totpOf = (base32: string, label = "Atrium") => new TOTP({ issuer: "Atrium", label, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(base32) });

/** Recovery codes look like `K7QM-4XPA-ZT`: 10 characters from an alphabet without look-alikes (~49 bits). */
function newRecoveryCode() {
  const chars = Array.from({ length: 10 }, () => INVITE_ALPHABET[randomInt(0, INVITE_ALPHABET.length)]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}
const normalizeRecovery = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, "");
const hashRecovery = (userId: string, code: string) => sha256(`${userId}:${normalizeRecovery(code)}`);

const enrolmentOf = (db: DbTx, userId: string) => db.totpEnrolment.findUnique({ where: { userId } });

/** Whether deciding needs a code: once you confirmed TOTP, or for everyone with APPROVALS_SECOND_FACTOR=totp. */
export const isEnforced = (enrolment: Pick<TotpEnrolment, "confirmedAt"> | null) =>
  Boolean(enrolment?.confirmedAt) || approvalsConfig().APPROVALS_SECOND_FACTOR === "totp";

export async function totpStatus({ db, viewer }: AuthedContext): Promise<TotpStatus> {
  const enrolment = await enrolmentOf(db, viewer.userId);
  const remaining = enrolment?.confirmedAt ? await db.totpRecoveryCode.count({ where: { userId: viewer.userId, usedAt: null } }) : 0;
  return { enrolled: enrolment !== null, confirmed: Boolean(enrolment?.confirmedAt), enforced: isEnforced(enrolment), remaining_recovery_codes: remaining };
}

/**
 * POST /api/approvals/totp/setup: a new secret, stored encrypted and inactive until confirmed. A
 * pending (unconfirmed) setup is replaced; a confirmed one must be disabled first (409), so a stolen
 * session cannot silently move your second factor to another device.
 */
export async function setupTotp({ db, viewer, ip }: AuthedContext) {
  const existing = await enrolmentOf(db, viewer.userId);
  if (existing?.confirmedAt) throw conflict("Two-step approval is already set up; disable it (with a code) before setting it up again");
  const user = await db.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { email: true } });
  const secret = new Secret({ size: 20 }).base32;
  const secretEnc = encryptSecret(secret, context(viewer.userId));
  await db.$transaction(async (tx) => {
    await tx.totpEnrolment.upsert({
      where: { userId: viewer.userId },
      create: { userId: viewer.userId, secretEnc },
      update: { secretEnc, confirmedAt: null, lastUsedStep: null, failedCount: 0, lockedUntil: null, createdAt: new Date() },
    });
    await tx.totpRecoveryCode.deleteMany({ where: { userId: viewer.userId } });
    await recordAudit(tx, { eventType: "totp_enrolled", actorId: viewer.userId, subjectType: "user", subjectId: viewer.userId, details: "Started two-step approval setup (TOTP)", ip });
  });
  const uri = totpOf(secret, user.email).toString();
  return { secret, otpauth_uri: uri, otpauth_url: uri };
}

/** POST /api/approvals/totp/confirm: the first code from the app turns the secret on and returns the recovery codes, once. */
export async function confirmTotp(ctx: AuthedContext, code: string) {
  const { db, viewer, ip } = ctx;
  const enrolment = await enrolmentOf(db, viewer.userId);
  if (!enrolment) throw new AppError("BAD_REQUEST", "Set up two-step approval first (POST /api/approvals/totp/setup)");
  if (enrolment.confirmedAt) throw conflict("Two-step approval is already confirmed");
  await checkCode(db, enrolment, code, { recovery: false });
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.$transaction(async (tx) => {
    await tx.totpEnrolment.update({ where: { userId: viewer.userId }, data: { confirmedAt: new Date() } });
    await tx.totpRecoveryCode.deleteMany({ where: { userId: viewer.userId } });
    await tx.totpRecoveryCode.createMany({ data: codes.map((c) => ({ userId: viewer.userId, codeHash: hashRecovery(viewer.userId, c) })) });
    await recordAudit(tx, { eventType: "totp_confirmed", actorId: viewer.userId, subjectType: "user", subjectId: viewer.userId, details: "Confirmed two-step approval (TOTP)", ip });
  });
  return { ...(await totpStatus(ctx)), recovery_codes: codes };
}

/** DELETE /api/approvals/totp: needs a valid code or recovery code; not enrolled or a wrong code is 400. */
export async function disableTotp(ctx: AuthedContext, code: string) {
  const { db, viewer, ip } = ctx;
  const enrolment = await enrolmentOf(db, viewer.userId);
  if (!enrolment) throw new AppError("BAD_REQUEST", "Two-step approval is not set up");
  await checkCode(db, enrolment, code, { recovery: Boolean(enrolment.confirmedAt), ip });
  await db.$transaction(async (tx) => {
    await tx.totpEnrolment.delete({ where: { userId: viewer.userId } });
    await recordAudit(tx, { eventType: "totp_disabled", actorId: viewer.userId, subjectType: "user", subjectId: viewer.userId, details: "Turned off two-step approval (TOTP)", ip });
  });
  return totpStatus(ctx);
}

/**
 * The step-up before approving: nothing when TOTP is not enforced for the decider; otherwise a valid,
 * unused code (or recovery code) or a 400 saying what is missing. Guessing is locked (429).
 */
export async function requireSecondFactor(db: Db, userId: string, code: string | undefined, ip?: string) {
  const enrolment = await enrolmentOf(db, userId);
  if (!isEnforced(enrolment)) return;
  if (!enrolment?.confirmedAt) throw new AppError("BAD_REQUEST", "Approving needs two-step approval: enrol TOTP first (Settings → Two-step approval)");
  if (!code?.trim()) throw new AppError("BAD_REQUEST", "Two-step approval is on: send totp_code (the 6-digit code from your authenticator app, or a recovery code)");
  await checkCode(db, enrolment, code, { recovery: true, ip });
}

/**
 * Checks a code against an enrolment: a TOTP code within ±1 step whose step is later than the last
 * one accepted (a code is never accepted twice), or an unused recovery code (then used up). Wrong
 * codes count; the fifth in a row locks guessing for five minutes.
 */
async function checkCode(db: Db, enrolment: TotpEnrolment, raw: string, options: { recovery: boolean; ip?: string }) {
  const userId = enrolment.userId;
  const now = Date.now();
  if (enrolment.lockedUntil && enrolment.lockedUntil.getTime() > now) throw locked(enrolment.lockedUntil.getTime() - now);
  const code = raw.replace(/\s/g, "");
  if (/^\d{6}$/.test(code)) {
    const secret = decryptSecret(enrolment.secretEnc, context(userId));
    const delta = totpOf(secret).validate({ token: code, window: WINDOW, timestamp: now });
    if (delta !== null) {
      const step = BigInt(Math.floor(now / 1000 / PERIOD_SECONDS) + delta);
      const accepted = await db.totpEnrolment.updateMany({
        where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
        data: { lastUsedStep: step, failedCount: 0, lockedUntil: null },
      });
      if (accepted.count === 1) return;
      throw new AppError("BAD_REQUEST", "This code was already used; wait for the next one");
    }
  } else if (options.recovery && code.length >= 8) {
    const used = await db.totpRecoveryCode.updateMany({ where: { userId, codeHash: hashRecovery(userId, code), usedAt: null }, data: { usedAt: new Date() } });
    if (used.count === 1) {
      await db.$transaction(async (tx) => {
        await tx.totpEnrolment.update({ where: { userId }, data: { failedCount: 0, lockedUntil: null } });
        await recordAudit(tx, { eventType: "totp_recovery_code_used", actorId: userId, subjectType: "user", subjectId: userId, details: "Used a two-step approval recovery code", ip: options.ip });
      });
      return;
    }
  }
  const failed = await db.totpEnrolment.update({ where: { userId }, data: { failedCount: { increment: 1 } }, select: { failedCount: true } });
  if (failed.failedCount >= MAX_FAILED_CODES) {
    await db.totpEnrolment.update({ where: { userId }, data: { failedCount: 0, lockedUntil: new Date(now + LOCK_MS) } });
    throw locked(LOCK_MS);
  }
  throw new AppError("BAD_REQUEST", "Invalid code");
}

const locked = (ms: number) => {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppError("RATE_LIMITED", `Too many wrong codes; try again in ${Math.ceil(seconds / 60)} minute(s)`, { headers: { "retry-after": String(seconds) } });
};
