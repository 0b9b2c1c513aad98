import "server-only";
import { recordAudit, type AuditInput } from "@/features/audit/record";
import type { Db, DbTx } from "@/server/db/client";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from "@/server/auth/access-token";
import { createSession } from "@/server/auth/sessions";
import { randomToken, sha256 } from "@/server/crypto/tokens";
import { AppError } from "@/server/errors";
import { identityAudit } from "./audit-events";

/** Refresh tokens live 30 days and rotate on every use. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const invalidRefresh = () => new AppError("UNAUTHORIZED", "Invalid refresh token");

type TokenUser = { id: string; email: string; role: string };

/**
 * The 003 session body: a new API session (an `auth_sessions` row whose id is the refresh-token
 * family and the access token's `sid`), an access token and the family's first refresh token.
 */
export async function startSession(db: Db, user: TokenUser, audit: AuditInput) {
  const session = await createAuditedSession(db, user.id, new Date(Date.now() + REFRESH_TOKEN_TTL_MS), audit);
  return issueTokens(db, user, session.id);
}

/** The session row and its sign-in audit entry, in one transaction. */
function createAuditedSession(db: Db, userId: string, expiresAt: Date, audit: AuditInput) {
  return db.$transaction(async (tx) => {
    const session = await createSession(tx, userId, "api", expiresAt);
    await recordAudit(tx, audit);
    return session;
  });
}

async function issueTokens(db: Db, user: TokenUser, sessionId: string) {
  const refresh = randomToken(32);
  await db.refreshToken.create({
    data: { userId: user.id, familyId: sessionId, tokenHash: sha256(refresh), expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS) },
  });
  return {
    access_token: await issueAccessToken(user, sessionId),
    refresh_token: refresh,
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    token_type: "bearer" as const,
    user: { id: user.id, email: user.email },
  };
}

/**
 * Seed 004's form login answers an access token only: its session ends when the token expires,
 * since there is no refresh token to carry it on. A password reset ends it sooner.
 */
export async function startAccessOnlySession(db: Db, user: { id: string; role: string }, audit: AuditInput) {
  const session = await createAuditedSession(db, user.id, new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000), audit);
  return { access_token: await issueAccessToken(user, session.id), token_type: "bearer" as const, expires_in: ACCESS_TOKEN_TTL_SECONDS };
}

/**
 * Exchanges a refresh token for a new pair. A token that was already rotated (or revoked) is a
 * sign it was stolen: the whole family (the session) is ended, so neither the thief nor the victim
 * keeps it, and its access tokens stop working at once.
 */
export async function rotateRefreshToken(db: Db, presented: string) {
  const found = await db.refreshToken.findUnique({
    where: { tokenHash: sha256(presented) },
    include: { user: { select: { id: true, email: true, role: true } }, session: { select: { endedAt: true } } },
  });
  if (!found) throw invalidRefresh();
  if (found.rotatedAt || found.revokedAt) {
    await revokeFamily(db, found.familyId);
    throw invalidRefresh();
  }
  if (found.expiresAt.getTime() <= Date.now() || found.session.endedAt) throw invalidRefresh();
  const { count } = await db.refreshToken.updateMany({
    where: { id: found.id, rotatedAt: null, revokedAt: null },
    data: { rotatedAt: new Date() },
  });
  if (count !== 1) {
    // Lost a race with another use of the same token: that is reuse too.
    await revokeFamily(db, found.familyId);
    throw invalidRefresh();
  }
  // The session lives as long as its newest refresh token; one ended meanwhile stays ended.
  const { count: live } = await db.authSession.updateMany({
    where: { id: found.familyId, endedAt: null },
    data: { expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS) },
  });
  if (live !== 1) throw invalidRefresh();
  return issueTokens(db, found.user, found.familyId);
}

/** Ends a session: its refresh tokens stop refreshing and its access tokens stop working. */
export async function revokeFamily(db: Db, familyId: string) {
  await db.$transaction((tx) => endFamily(tx, familyId));
}

/** Ends the family's refresh tokens and its session row; whether the session was still live. */
async function endFamily(tx: DbTx, familyId: string) {
  const now = new Date();
  await tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  const { count } = await tx.authSession.updateMany({ where: { id: familyId, endedAt: null }, data: { endedAt: now } });
  return count > 0;
}

/** Sign-out: ends the session the token belongs to. Unknown tokens are ignored (idempotent). */
export async function endSession(db: Db, presented: string, ip?: string | null) {
  const found = await db.refreshToken.findUnique({ where: { tokenHash: sha256(presented) }, select: { familyId: true, userId: true } });
  if (!found) return;
  await db.$transaction(async (tx) => {
    if (await endFamily(tx, found.familyId)) await recordAudit(tx, identityAudit.signedOut(found.userId, "api_session", ip));
  });
}

/**
 * Ends every session of a user (a password reset): API sessions with their refresh and access
 * tokens, and browser sessions. Personal API keys are not sessions and survive: they are listed and
 * revoked one by one, and integrations using them should not break silently.
 */
export async function revokeAllSessions(db: Db, userId: string) {
  const now = new Date();
  await db.$transaction([
    db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } }),
    db.authSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } }),
  ]);
}
