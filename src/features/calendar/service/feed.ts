import "server-only";
import ical, { ICalEventStatus } from "ical-generator";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { randomToken, sha256 } from "@/server/crypto/tokens";
import { env } from "@/server/env";
import { notFound } from "@/server/errors";
import { parseRrule } from "../rrule-parse";
import { toWall } from "../time";
import { VIEWABLE } from "./access";

/**
 * A secret iCalendar URL per user, so Google Calendar, Apple Calendar or Thunderbird can subscribe.
 * The token is shown once when made; only its hash is kept; making a new one revokes the old.
 */
export const feedPath = (token: string) => `/api/v1/calendar/feeds/${token}.ics`;

export async function createFeed({ db, viewer }: AuthedContext, origin: string) {
  const token = randomToken(24);
  const created = await db.$transaction(async (tx) => {
    await tx.calendarFeed.updateMany({ where: { userId: viewer.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return tx.calendarFeed.create({ data: { userId: viewer.userId, tokenHash: sha256(token) } });
  });
  return { url: `${env().PUBLIC_URL ?? origin}${feedPath(token)}`, created_at: created.createdAt.toISOString() };
}

export async function revokeFeed({ db, viewer }: AuthedContext) {
  await db.calendarFeed.updateMany({ where: { userId: viewer.userId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function feedStatus({ db, viewer }: AuthedContext) {
  const feed = await db.calendarFeed.findFirst({ where: { userId: viewer.userId, revokedAt: null }, orderBy: { createdAt: "desc" } });
  return { active: Boolean(feed), created_at: feed?.createdAt.toISOString() ?? null };
}

/** The .ics body for a feed token: everything the user may view, recurring items as RRULEs. */
export async function renderFeed(db: Db, token: string) {
  const feed = await db.calendarFeed.findUnique({ where: { tokenHash: sha256(token) }, include: { user: { select: { id: true, username: true } } } });
  if (!feed || feed.revokedAt) throw notFound("Calendar feed");
  const userId = feed.user.id;
  const items = await db.scheduleItem.findMany({
    where: {
      deletedAt: null,
      OR: [{ ownerId: userId }, { subscriptions: { some: { userId, permissions: { in: VIEWABLE } } } }],
    },
    orderBy: { startAt: "desc" },
    take: 5000,
  });
  const calendar = ical({ name: `${feed.user.username} · Atrium`, prodId: { company: "Atrium", product: "calendar" }, ttl: 15 * 60 });
  for (const item of items) {
    // ical-generator writes a zoned date from its UTC fields, so it is handed wall times.
    const zoned = !item.allDay;
    calendar.createEvent({
      id: item.id,
      start: toWall(item.startAt, item.timezone),
      end: item.endAt ? toWall(item.endAt, item.timezone) : undefined,
      allDay: item.allDay,
      ...(zoned ? { timezone: item.timezone } : {}),
      summary: item.title,
      description: item.description ?? undefined,
      location: typeof (item.metadata as { location?: unknown })?.location === "string" ? (item.metadata as { location: string }).location : undefined,
      // A rule stored before the strict parser existed is left out rather than handed to subscribers.
      repeating: item.rrule && parseRrule(item.rrule, { lenient: true }).ok ? item.rrule : undefined,
      status: item.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: item.updatedAt,
      lastModified: item.updatedAt,
      created: item.createdAt,
    });
  }
  return calendar.toString();
}
