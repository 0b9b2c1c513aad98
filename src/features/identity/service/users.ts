import "server-only";
import { recordAudit } from "@/features/audit/record";
import type { AuthedContext } from "@/server/context";
import type { Db, DbTx } from "@/server/db/client";
import { hashPassword } from "@/server/crypto/password";
import { AppError, conflict, notFound } from "@/server/errors";
import type { User } from "@/generated/prisma/client";
import { likeLiteral, usernameKey } from "../username";
import { createInviteCodeFor } from "./invites";

export const toProfile = (u: Pick<User, "id" | "username" | "avatarUrl" | "bio">) => ({
  id: u.id,
  username: u.username,
  avatar_url: u.avatarUrl,
  bio: u.bio,
});

/** Usernames are unique regardless of case, so "Ana" and "ana" cannot both exist. */
export async function ensureUsernameFree(db: DbTx, username: string, exceptUserId?: string) {
  const taken = await db.user.findFirst({
    where: { usernameKey: usernameKey(username), ...(exceptUserId ? { NOT: { id: exceptUserId } } : {}) },
    select: { id: true },
  });
  if (taken) throw conflict(`The username "${username}" is taken`);
}

async function viewerUser(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("User");
  return user;
}

/** GET /users/me */
export async function getProfile({ db, viewer }: AuthedContext) {
  return toProfile(await viewerUser(db, viewer.userId));
}

/** PATCH /users/me: only the fields sent change; "" or null clears avatar and bio. */
export async function updateProfile(
  { db, viewer }: AuthedContext,
  input: { username?: string; avatar_url?: string | null; bio?: string | null },
) {
  if (input.username) await ensureUsernameFree(db, input.username, viewer.userId);
  const user = await db.user.update({
    where: { id: viewer.userId },
    data: {
      ...(input.username !== undefined ? { username: input.username, usernameKey: usernameKey(input.username) } : {}),
      ...(input.avatar_url !== undefined ? { avatarUrl: input.avatar_url || null } : {}),
      ...(input.bio !== undefined ? { bio: input.bio || null } : {}),
    },
  });
  return toProfile(user);
}

const SEARCH_LIMIT = 20;

/**
 * POST /users/search: a query with "@" is an exact e-mail match (0 or 1 result); anything else a
 * case-insensitive username match, best first (exact, then prefix, then substring), at most 20.
 * Each tier is its own query, so a popular substring cannot crowd the exact match out.
 */
export async function searchUsers({ db, viewer }: AuthedContext, query: string) {
  const q = query.trim();
  if (q.includes("@")) {
    const user = await db.user.findUnique({ where: { email: q.toLowerCase() } });
    return user ? [toProfile(user)] : [];
  }
  const literal = likeLiteral(q);
  const notMe = { NOT: { id: viewer.userId } };
  const found = new Map<string, User>();
  const tiers = [
    { usernameKey: usernameKey(q) },
    { username: { startsWith: literal, mode: "insensitive" as const } },
    { username: { contains: literal, mode: "insensitive" as const } },
  ];
  for (const where of tiers) {
    if (found.size >= SEARCH_LIMIT) break;
    const rows = await db.user.findMany({
      where: { ...where, ...notMe, id: { notIn: [...found.keys()] } },
      orderBy: [{ username: "asc" }],
      take: SEARCH_LIMIT - found.size,
    });
    for (const row of rows) found.set(row.id, row);
  }
  return [...found.values()].map(toProfile);
}
/** GET /auth/users?email= (003): any confirmed account may look another up by exact address. */
export async function lookupByEmail({ db, viewer }: AuthedContext, emailAddress: string) {
  const me = await viewerUser(db, viewer.userId);
  if (!me.emailConfirmedAt) throw new AppError("FORBIDDEN", "Confirm your own e-mail address before looking others up");
  const user = await db.user.findUnique({ where: { email: emailAddress } });
  if (!user) throw notFound("User");
  return {
    id: user.id,
    email: user.email,
    created_at: user.createdAt.toISOString(),
    email_confirmed_at: user.emailConfirmedAt?.toISOString() ?? null,
  };
}

/** GET /auth/me (004). */
export async function getMe({ db, viewer }: AuthedContext) {
  const user = await viewerUser(db, viewer.userId);
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    nickname: user.username,
    avatar_url: user.avatarUrl,
    bio: user.bio,
    role: user.role,
    email_confirmed_at: user.emailConfirmedAt?.toISOString() ?? null,
    created_at: user.createdAt.toISOString(),
  };
}

/**
 * POST /auth/register (004): creates an account directly, without the e-mail code of 003's flow;
 * its address stays unconfirmed. The nickname becomes the username (suffixed when taken).
 */
export async function register(db: Db, input: { email: string; password: string; nickname: string }, ip?: string | null) {
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw conflict("An account with this e-mail address already exists");
  }
  const username = await freeUsernameLike(db, input.nickname);
  const passwordHash = await hashPassword(input.password);
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { email: input.email, username, usernameKey: usernameKey(username), passwordHash } });
    await createInviteCodeFor(tx, created.id);
    await recordAudit(tx, {
      eventType: "user_signed_up", actorId: created.id, subjectType: "user", subjectId: created.id, ip,
      details: `${created.email} registered as ${created.username} (form registration)`, data: { username: created.username, via: "register" },
    });
    return created;
  });
  return { id: user.id, email: user.email, username: user.username, nickname: input.nickname, created_at: user.createdAt.toISOString() };
}

async function freeUsernameLike(db: Db, nickname: string) {
  const base = (nickname.replace(/[\s@]+/g, "_").slice(0, 24) || "user").padEnd(3, "_");
  for (let n = 0; n < 50; n++) {
    const candidate = n === 0 ? base : `${base}_${n + 1}`;
    const taken = await db.user.findUnique({ where: { usernameKey: usernameKey(candidate) }, select: { id: true } });
    if (!taken) return candidate;
  }
  return `${base}_${Date.now().toString(36)}`;
}
