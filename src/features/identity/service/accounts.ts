import "server-only";
import { recordAudit } from "@/features/audit/record";
import type { ServiceContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { hashPassword, verifyPassword } from "@/server/crypto/password";
import { AppError, conflict } from "@/server/errors";
import { sendMail } from "@/server/mail/mailer";
import type { SignupRequest, VerifyRequest } from "../schemas";
import { consumeCode, issueCode, latestOpenCode } from "./codes";
import { identityAudit, type SignInVia } from "./audit-events";
import { applyInviteCode, createInviteCodeFor } from "./invites";
import { revokeAllSessions, startSession } from "./tokens";
import { usernameKey } from "../username";
import { ensureUsernameFree } from "./users";

/** What a sign-up carries from the request to the verified account, kept with its code. */
interface PendingSignup {
  username: string;
  passwordHash: string;
  inviteCode?: string;
  redirectTo?: string;
}

const invalidCode = () => new AppError("UNAUTHORIZED", "The verification code is invalid or has expired");

/**
 * POST /auth/verifications: starts a sign-up and mails a code. An address that already has an
 * account gets a "you already have an account" mail instead, so the response never reveals which
 * addresses are registered.
 */
export async function startSignup({ db }: ServiceContext, input: SignupRequest) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    await sendMail(db, {
      to: input.email,
      subject: "You already have an Atrium account",
      text: "Someone (hopefully you) tried to sign up with this address, which already has an account.\nSign in, or reset your password from the sign-in page.",
    });
    return { email: input.email };
  }
  await ensureUsernameFree(db, input.username);
  const pending: PendingSignup = {
    username: input.username,
    passwordHash: await hashPassword(input.password),
    inviteCode: input.invite_code,
    redirectTo: input.redirect_to,
  };
  await mailCode(db, input.email, "signup", await issueCode(db, input.email, "signup", { ...pending }));
  return { email: input.email };
}

/** POST /auth/resend: a new code for a sign-up in progress or a password recovery; silent otherwise. */
export async function resendCode({ db }: ServiceContext, input: { type: "signup" | "recovery"; email: string }) {
  if (input.type === "signup") {
    const open = await db.verificationCode.findFirst({
      where: { email: input.email, purpose: "signup" },
      orderBy: { createdAt: "desc" },
    });
    const registered = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (!open?.pending || registered) return;
    await mailCode(db, input.email, "signup", await issueCode(db, input.email, "signup", open.pending));
    return;
  }
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!user) return;
  await mailCode(db, input.email, "recovery", await issueCode(db, input.email, "recovery"));
}

/** Starts a password recovery (the browser's "forgot password"); same as resend with type recovery. */
export const startRecovery = (ctx: ServiceContext, emailAddress: string) => resendCode(ctx, { type: "recovery", email: emailAddress });

/**
 * POST /auth/verify. A sign-up code creates the account and signs it in; a recovery code sets the
 * new password and ends every session of the account.
 */
export async function verifyCode({ db, ip }: ServiceContext, input: VerifyRequest) {
  if (input.type === "recovery") {
    const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (!user || !(await consumeCode(db, input.email, "recovery", input.token))) throw invalidCode();
    const passwordHash = await hashPassword(input.new_password);
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
      await recordAudit(tx, {
        eventType: "password_reset", actorId: user.id, subjectType: "user", subjectId: user.id, ip,
        details: `${input.email} reset their password with an e-mailed code; every session ended`,
      });
    });
    await revokeAllSessions(db, user.id);
    return null;
  }
  const consumed = await consumeCode(db, input.email, "signup", input.token);
  if (!consumed?.pending) throw invalidCode();
  const pending = consumed.pending as unknown as PendingSignup;
  const user = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw conflict("An account with this e-mail address already exists; sign in instead");
    }
    await ensureUsernameFree(tx, pending.username);
    const created = await tx.user.create({
      data: {
        email: input.email,
        username: pending.username,
        usernameKey: usernameKey(pending.username),
        passwordHash: pending.passwordHash,
        emailConfirmedAt: new Date(),
      },
    });
    await createInviteCodeFor(tx, created.id);
    if (pending.inviteCode) await applyInviteCode(tx, created.id, pending.inviteCode);
    await recordAudit(tx, {
      eventType: "user_signed_up", actorId: created.id, subjectType: "user", subjectId: created.id, ip,
      details: `${created.email} signed up as ${created.username}`, data: { username: created.username, invited: Boolean(pending.inviteCode) },
    });
    return created;
  });
  return startSession(db, user, identityAudit.signedIn(user, "sign_up", ip));
}

/**
 * Checks an e-mail + password pair; null when either is wrong (the caller says which it was not).
 * A failed check is recorded in the audit trail (`sign_in_failed`, with how it was tried).
 */
export async function checkCredentials(db: Db, emailOrUsername: string, password: string, attempt: { via: SignInVia; ip?: string | null }) {
  const value = emailOrUsername.trim();
  const user = await db.user.findFirst({
    where: value.includes("@") ? { email: value.toLowerCase() } : { usernameKey: usernameKey(value) },
  });
  // Hash anyway when the user is unknown, so response time does not reveal which addresses exist.
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (user && ok) return user;
  await recordAudit(db, identityAudit.signInFailed(value.toLowerCase(), user?.id ?? null, attempt.via, attempt.ip));
  return null;
}
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZHVtbXloYXNoZHVtbXloYXNoZHVtbXloYXNoZHVtbXk";

/** POST /auth/sessions */
export async function signIn({ db, ip }: ServiceContext, input: { email: string; password: string }) {
  const user = await checkCredentials(db, input.email, input.password, { via: "api_session", ip });
  if (!user) throw new AppError("UNAUTHORIZED", "Wrong e-mail address or password");
  return startSession(db, user, identityAudit.signedIn(user, "api_session", ip));
}

async function mailCode(db: Db, to: string, purpose: "signup" | "recovery", code: string) {
  const subject = purpose === "signup" ? `Your Atrium sign-up code: ${code}` : `Your Atrium password reset code: ${code}`;
  const intro = purpose === "signup" ? "Welcome to Atrium! Confirm your e-mail address with this code:" : "Reset your Atrium password with this code:";
  await sendMail(db, { to, subject, text: `${intro}\n\n    ${code}\n\nIt expires in 10 minutes and works once. If you did not ask for it, ignore this mail.` });
}

export { latestOpenCode };
