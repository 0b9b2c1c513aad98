import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from "@/server/auth/access-token";
import { randomToken, sha256 } from "@/server/crypto/tokens";
import { AppError } from "@/server/errors";

/** Refresh tokens live 30 days and rotate on every use. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const invalidRefresh = () => new AppError("UNAUTHORIZED", "Invalid refresh token");

/** The 003 session body: a new access token and the first refresh token of a new family. */
export async function startSession(db: Db, user: { id: string; email: string; role: string }) {
  return issueTokens(db, user, randomUUID());
}

async function issueTokens(db: Db, user: { id: string; email: string; role: string }, familyId: string) {
  const refresh = randomToken(32);
  await db.refreshToken.create({
    data: { userId: user.id, familyId, tokenHash: sha256(refresh), expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS) },
  });
  return {
    access_token: await issueAccessToken(user),
    refresh_token: refresh,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    token_type: "bearer" as const,
    user: { id: user.id, email: user.email },
  };
}

/**
 * Exchanges a refresh token for a new pair. A token that was already rotated (or revoked) is a
 * sign it was stolen: the whole family is revoked, so neither the thief nor the victim keeps it.
 */
export async function rotateRefreshToken(db: Db, presented: string) {
  const found = await db.refreshToken.findUnique({
    where: { tokenHash: sha256(presented) },
    include: { user: { select: { id: true, email: true, role: true } } },
  });
  if (!found) throw invalidRefresh();
  if (found.rotatedAt || found.revokedAt) {
    await revokeFamily(db, found.familyId);
    throw invalidRefresh();
  }
  if (found.expiresAt.getTime() <= Date.now()) throw invalidRefresh();
  const { count } = await db.refreshToken.updateMany({
    where: { id: found.id, rotatedAt: null, revokedAt: null },
    data: { rotatedAt: new Date() },
  });
  if (count !== 1) {
    // Lost a race with another use of the same token: that is reuse too.
    await revokeFamily(db, found.familyId);
    throw invalidRefresh();
  }
  return issueTokens(db, found.user, found.familyId);
}

export async function revokeFamily(db: Db, familyId: string) {
  await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Sign-out: ends the session the token belongs to. Unknown tokens are ignored (idempotent). */
export async function endSession(db: Db, presented: string) {
  const found = await db.refreshToken.findUnique({ where: { tokenHash: sha256(presented) }, select: { familyId: true } });
  if (found) await revokeFamily(db, found.familyId);
}

/** Ends every session of a user: refresh tokens, and access tokens and browser sessions issued so far. */
export async function revokeAllSessions(db: Db, userId: string) {
  const now = new Date();
  await db.$transaction([
    db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } }),
    db.user.update({ where: { id: userId }, data: { sessionsRevokedAt: now } }),
  ]);
}
