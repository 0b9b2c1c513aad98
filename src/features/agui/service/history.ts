import "server-only";
import type { Db } from "@/server/db/client";
import type { Viewer } from "@/server/auth/viewer";
import type { HistorySnapshot } from "../schemas";
import { storedMessageOf } from "./messages";
import { ownThread } from "./start";

/** Messages one day answers at most (a day with more answers its first ones). */
export const MAX_DAY_MESSAGES = 1_000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Ctx {
  db: Db;
  viewer: Viewer;
}

/**
 * A thread's history by day (UTC): the messages of the latest day that has any, before `before`
 * when given, with `hasMore` saying whether an earlier day has messages (ask again with
 * `before=<day>`). A thread or a day without messages answers `day: null` and no messages.
 */
export async function threadHistory(ctx: Ctx, threadId: string, before?: string): Promise<HistorySnapshot> {
  await ownThread(ctx, threadId);
  return dayOf(ctx.db, threadId, before);
}

/** The viewer's history: the named thread's, else the most recently active thread's (none: an empty snapshot). */
export async function userHistory(ctx: Ctx, threadId: string | undefined, before?: string): Promise<HistorySnapshot> {
  if (threadId) return threadHistory(ctx, threadId, before);
  const latest = await ctx.db.aguiThread.findFirst({ where: { userId: ctx.viewer.userId }, orderBy: { updatedAt: "desc" }, select: { id: true } });
  if (!latest) return { type: "STATE_SNAPSHOT", snapshot: { scope: "history_day", day: null, hasMore: false, messages: [] } };
  return dayOf(ctx.db, latest.id, before);
}

async function dayOf(db: Db, threadId: string, before?: string): Promise<HistorySnapshot> {
  const limit = before ? new Date(`${before}T00:00:00.000Z`) : undefined;
  const newest = await db.aguiMessage.findFirst({
    where: { threadId, ...(limit ? { createdAt: { lt: limit } } : {}) },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  if (!newest) return { type: "STATE_SNAPSHOT", threadId, snapshot: { scope: "history_day", threadId, day: null, hasMore: false, messages: [] } };
  const start = new Date(Math.floor(newest.createdAt.getTime() / DAY_MS) * DAY_MS);
  const [rows, earlier] = await Promise.all([
    db.aguiMessage.findMany({ where: { threadId, createdAt: { gte: start, lt: new Date(start.getTime() + DAY_MS) } }, orderBy: { position: "asc" }, take: MAX_DAY_MESSAGES }),
    db.aguiMessage.findFirst({ where: { threadId, createdAt: { lt: start } }, select: { id: true } }),
  ]);
  return {
    type: "STATE_SNAPSHOT",
    threadId,
    snapshot: { scope: "history_day", threadId, day: start.toISOString().slice(0, 10), hasMore: earlier !== null, messages: rows.map(storedMessageOf) },
  };
}
