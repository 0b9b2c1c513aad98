import "server-only";
import type { Db } from "@/server/db/client";
import { sha256, sixDigitCode, safeEqual } from "@/server/crypto/tokens";
import { secret } from "@/server/env";
import type { Prisma } from "@/generated/prisma/client";

/** One-time e-mail codes: 6 digits, valid 10 minutes, single use, 5 wrong guesses and it is dead. */
export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;
export type CodePurpose = "signup" | "recovery";

// Keyed with the server secret: a leaked table does not give away a 6-digit code by brute force.
const hashCode = (email: string, purpose: CodePurpose, code: string) => sha256(`${secret()}:${purpose}:${email}:${code}`);

/** Issues a fresh code for (email, purpose); earlier unused ones stop working. Returns the plain code. */
export async function issueCode(db: Db, email: string, purpose: CodePurpose, pending?: Prisma.InputJsonValue) {
  const code = sixDigitCode();
  const now = new Date();
  await db.$transaction([
    db.verificationCode.updateMany({ where: { email, purpose, consumedAt: null }, data: { consumedAt: now } }),
    db.verificationCode.create({
      data: { email, purpose, codeHash: hashCode(email, purpose, code), pending, expiresAt: new Date(now.getTime() + CODE_TTL_MS) },
    }),
  ]);
  return code;
}

/** The newest code still waiting for (email, purpose), if any. */
export function latestOpenCode(db: Db, email: string, purpose: CodePurpose) {
  return db.verificationCode.findFirst({
    where: { email, purpose, consumedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Checks and consumes a code. Returns the consumed row, or null when the code is wrong, expired,
 * used, or guessed too often. Consumption is a conditional update, so two racing requests cannot
 * both succeed with the same code.
 */
export async function consumeCode(db: Db, email: string, purpose: CodePurpose, code: string) {
  const open = await latestOpenCode(db, email, purpose);
  if (!open) return null;
  if (!safeEqual(open.codeHash, hashCode(email, purpose, code))) {
    const attempts = open.attempts + 1;
    await db.verificationCode.update({
      where: { id: open.id },
      data: { attempts, ...(attempts >= MAX_CODE_ATTEMPTS ? { consumedAt: new Date() } : {}) },
    });
    return null;
  }
  const { count } = await db.verificationCode.updateMany({
    where: { id: open.id, consumedAt: null },
    data: { consumedAt: new Date() },
  });
  return count === 1 ? open : null;
}
