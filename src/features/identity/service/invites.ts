import "server-only";
import type { DbTx } from "@/server/db/client";
import { inviteCode } from "@/server/crypto/tokens";

/** Every account gets an invite code to pass on; sign-ups that use it are linked to the inviter. */
export async function createInviteCodeFor(db: DbTx, userId: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = inviteCode();
    const clash = await db.inviteCode.findUnique({ where: { code }, select: { id: true } });
    if (!clash) return db.inviteCode.create({ data: { code, ownerId: userId } });
  }
  throw new Error("could not find a free invite code");
}

/**
 * Links a new account to whoever invited it. Unknown, disabled, expired or used-up codes are
 * ignored: per seed 003 an invalid code never blocks a sign-up.
 */
export async function applyInviteCode(db: DbTx, userId: string, raw: string) {
  const code = raw.trim().toUpperCase();
  if (!/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/.test(code)) return false;
  const found = await db.inviteCode.findUnique({ where: { code } });
  if (!found || found.disabled || found.ownerId === userId) return false;
  if (found.expiresAt && found.expiresAt.getTime() <= Date.now()) return false;
  // The use counter is bumped with a guard so a code with max_uses cannot be oversubscribed.
  const { count } = await db.inviteCode.updateMany({
    where: { id: found.id, ...(found.maxUses !== null ? { uses: { lt: found.maxUses } } : {}) },
    data: { uses: { increment: 1 } },
  });
  if (count !== 1) return false;
  await db.user.update({ where: { id: userId }, data: { invitedById: found.ownerId } });
  return true;
}

export async function myInviteCode(db: DbTx, userId: string) {
  const found = await db.inviteCode.findFirst({ where: { ownerId: userId, disabled: false }, orderBy: { createdAt: "asc" } });
  const code = found ?? (await createInviteCodeFor(db, userId));
  const invited = await db.user.count({ where: { invitedById: userId } });
  return { code: code.code, uses: code.uses, invited };
}
