import type { Db, DbTx } from "../db/client";
import { cachedCredential } from "./credential-cache";

/**
 * Server-side session records (`auth_sessions`). Every access token and browser session cookie names
 * its row (`sid`); a credential whose row is missing, ended or expired does not work, whatever its
 * own expiry says. Sign-out, refresh-token reuse and a password reset end rows.
 */
export type SessionKind = "browser" | "api";

/** The next-auth session lifetime; a browser session's row slides with use to match the cookie. */
export const BROWSER_SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;
/** A row's expiry is pushed forward at most once a day, so requests do not write on every use. */
const SLIDE_EVERY_MS = 24 * 60 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LiveSession {
  id: string;
  expiresAt: Date;
  user: { id: string; role: string };
}

/**
 * The session `sessionId` if it is live and belongs to `userId` with the given kind, with its user's
 * role, in one query; otherwise null (unknown id, ended, expired, deleted user, another kind).
 */
export async function findLiveSession(db: Db, sessionId: unknown, userId: unknown, kind: SessionKind): Promise<LiveSession | null> {
  if (typeof sessionId !== "string" || !UUID.test(sessionId) || typeof userId !== "string") return null;
  // From the credential cache for a few seconds at most; any write to the row empties it at once.
  const found = await cachedCredential("session", sessionId, () =>
    db.authSession.findUnique({
      where: { id: sessionId },
      select: { id: true, kind: true, userId: true, expiresAt: true, endedAt: true, user: { select: { id: true, role: true } } },
    }),
  );
  if (!found || found.endedAt || found.kind !== kind || found.userId !== userId) return null;
  if (found.expiresAt.getTime() <= Date.now()) return null;
  return { id: found.id, expiresAt: found.expiresAt, user: found.user };
}

export function createSession(db: DbTx, userId: string, kind: SessionKind, expiresAt: Date) {
  return db.authSession.create({ data: { userId, kind, expiresAt }, select: { id: true } });
}

/** Starts a browser session at sign-in; its id goes into the next-auth JWT as `sid`. */
export const startBrowserSession = (db: DbTx, userId: string) =>
  createSession(db, userId, "browser", new Date(Date.now() + BROWSER_SESSION_TTL_SECONDS * 1000));

/**
 * Checks a next-auth JWT against its session row (on every /api/auth/session and getServerSession)
 * and slides the row's expiry the way next-auth slides the cookie's. False: the session is over.
 */
export async function checkBrowserSession(db: Db, token: { sub?: unknown; sid?: unknown }) {
  const session = await findLiveSession(db, token.sid, token.sub, "browser");
  if (!session) return false;
  const renewed = Date.now() + BROWSER_SESSION_TTL_SECONDS * 1000;
  if (renewed - session.expiresAt.getTime() > SLIDE_EVERY_MS) {
    await db.authSession.updateMany({ where: { id: session.id, endedAt: null }, data: { expiresAt: new Date(renewed) } });
  }
  return true;
}

/** Ends one session (idempotent: an ended one keeps its first end time); how many were still live (0 or 1). */
export async function endAuthSession(db: DbTx, sessionId: unknown) {
  if (typeof sessionId !== "string" || !UUID.test(sessionId)) return 0;
  const { count } = await db.authSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date() } });
  return count;
}
