import "server-only";
import type { AuthedContext } from "@/server/context";
import { requirePermission } from "@/features/permissions/service/check";
import type { Prisma, ScheduleItem } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import { getEventBus } from "@/server/events";
import { userStream } from "@/features/notifications/service";
import { MAX_LISTED, MAX_OCCURRENCE_DAYS, MAX_OCCURRENCES } from "../limits";
import { occurrencesBetween, normaliseRrule, seriesEnd } from "../recurrence";
import { ALL_PERMISSIONS, MAX_RANGE_MS, PERMISSION, rangeTooLongMessage, type ItemCreate, type ItemDto, type ItemUpdate } from "../schemas";
import { addDays, dateInZone, startOfDateInZone } from "../time";
import { accessTo, require, visibleTo } from "./access";
import { toItemDto } from "./dto";

const endBeforeStart = () => new AppError("BAD_REQUEST", "end_at is before start_at");
const tooManyMessage = `This range holds more than ${MAX_LISTED} items and occurrences; ask for a shorter range`;
const invalid = (path: string, message: string) => new AppError("VALIDATION_ERROR", `Invalid ${path}: ${message}`, { issues: [{ path, message }] });
/** The widest zone offset on Earth; all-day items are matched by date within this slack. */
const DAY_SLACK_MS = 14 * 3600 * 1000;

/**
 * Normalises times: all-day items span whole local days of their zone (end exclusive), and a
 * recurring item records when its series ends so range queries can skip it with an index.
 */
function shape(input: { start_at: Date; end_at: Date | null; timezone: string; all_day: boolean; rrule: string | null }) {
  let { start_at: startAt, end_at: endAt } = input;
  if (endAt && endAt < startAt) throw endBeforeStart();
  if (input.all_day) {
    const firstDay = dateInZone(startAt, input.timezone);
    const lastDay = endAt ? dateInZone(new Date(endAt.getTime() - 1), input.timezone) : firstDay;
    startAt = startOfDateInZone(firstDay, input.timezone);
    endAt = startOfDateInZone(addDays(lastDay < firstDay ? firstDay : lastDay, 1), input.timezone);
  }
  const rrule = input.rrule ? normaliseRrule(input.rrule) : null;
  if (rrule && endAt && endAt.getTime() - startAt.getTime() > MAX_OCCURRENCE_DAYS * 86_400_000) {
    throw invalid("end_at", `An occurrence of a repeating item may last at most ${MAX_OCCURRENCE_DAYS} days`);
  }
  const seriesEndAt = rrule ? seriesEnd({ startAt, endAt, rrule, timezone: input.timezone }) : null;
  return { startAt, endAt, rrule, seriesEndAt, allDay: input.all_day, timezone: input.timezone };
}

/** POST /schedule-items */
export async function createItem({ db, viewer }: AuthedContext, input: ItemCreate) {
  await requirePermission(db, viewer, "calendar:create");
  const times = shape({
    start_at: new Date(input.start_at),
    end_at: input.end_at ? new Date(input.end_at) : null,
    timezone: input.timezone,
    all_day: input.all_day,
    rrule: input.rrule ?? null,
  });
  const item = await db.scheduleItem.create({
    data: {
      ownerId: viewer.userId,
      title: input.title,
      description: input.description ?? null,
      metadata: input.metadata as Prisma.InputJsonObject,
      ...times,
    },
  });
  return toItemDto(item, viewer.userId, ALL_PERMISSIONS);
}

/** GET /schedule-items/{id}: needs the view bit. */
export async function getItem({ db, viewer }: AuthedContext, id: string) {
  const { item, permissions } = await accessTo(db, viewer.userId, id);
  return toItemDto(item, viewer.userId, permissions);
}

/** PATCH /schedule-items/{id}: needs the edit bit; only the fields sent change. */
export async function updateItem({ db, viewer }: AuthedContext, id: string, input: ItemUpdate) {
  await requirePermission(db, viewer, "calendar:update");
  const { item, permissions } = await accessTo(db, viewer.userId, id);
  require(permissions, PERMISSION.edit, "edit");
  const timesChanged = ["start_at", "end_at", "timezone", "all_day", "rrule"].some((k) => k in input);
  const times = timesChanged
    ? shape({
        start_at: input.start_at ? new Date(input.start_at) : item.startAt,
        end_at: input.end_at !== undefined ? (input.end_at ? new Date(input.end_at) : null) : item.endAt,
        timezone: input.timezone ?? item.timezone,
        all_day: input.all_day ?? item.allDay,
        rrule: input.rrule !== undefined ? input.rrule : item.rrule,
      })
    : {};
  const updated = await db.scheduleItem.update({
    where: { id },
    data: {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata as Prisma.InputJsonObject } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...times,
    },
  });
  await announceChange(db, updated, viewer.userId);
  return toItemDto(updated, viewer.userId, permissions);
}

/** DELETE /schedule-items/{id}: the owner only; soft delete hides it from everyone. */
export async function deleteItem({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "calendar:delete");
  const { isOwner } = await accessTo(db, viewer.userId, id);
  if (!isOwner) throw new AppError("FORBIDDEN", "Only the owner can delete this item");
  const deleted = await db.scheduleItem.update({ where: { id }, data: { deletedAt: new Date() } });
  await db.inboxMessage.updateMany({ where: { scheduleItemId: id, status: "pending" }, data: { status: "dismissed" } });
  await announceChange(db, deleted, viewer.userId);
}

/**
 * GET /schedule-items: every item the viewer may see that overlaps [start, end): their own and
 * those shared with the view bit; recurring items expanded into occurrences; all-day items
 * matched by date in the viewer's zone.
 */
export async function listItems({ db, viewer }: AuthedContext, q: { start_at?: string; end_at?: string; timezone: string }) {
  const today = dateInZone(new Date(), q.timezone);
  const from = q.start_at ? boundary(q.start_at, q.timezone, 0) : startOfDateInZone(today, q.timezone);
  const to = q.end_at ? boundary(q.end_at, q.timezone, 1) : new Date(from.getTime() + 42 * 86_400_000);
  if (to < from) throw endBeforeStart();
  // The schema bounds a range given at both ends; this also covers one end and today (DST slack of a day).
  if (to.getTime() - from.getTime() > MAX_RANGE_MS + 86_400_000) throw invalid("end_at", rangeTooLongMessage);

  const visible = visibleTo(viewer.userId);
  const slackFrom = new Date(from.getTime() - DAY_SLACK_MS);
  const slackTo = new Date(to.getTime() + DAY_SLACK_MS);
  const rows = await db.scheduleItem.findMany({
    where: {
      AND: [
        visible,
        {
          OR: [
            { rrule: null, startAt: { lt: slackTo }, OR: [{ endAt: { gte: slackFrom } }, { endAt: null, startAt: { gte: slackFrom } }] },
            { rrule: { not: null }, startAt: { lt: slackTo }, OR: [{ seriesEndAt: null }, { seriesEndAt: { gte: slackFrom } }] },
          ],
        },
      ],
    },
    include: { subscriptions: { where: { userId: viewer.userId }, select: { permissions: true } } },
    orderBy: { startAt: "asc" },
    take: 2000,
  });

  const range: Range = { from, to, firstDay: dateInZone(from, q.timezone), lastDay: dateInZone(new Date(to.getTime() - 1), q.timezone) };
  const out: ItemDto[] = [];
  for (const row of rows) {
    const permissions = row.ownerId === viewer.userId ? ALL_PERMISSIONS : (row.subscriptions[0]?.permissions ?? 0);
    // What is left of the answer's budget bounds the expansion too (one more, to tell "too many").
    const limit = Math.min(MAX_OCCURRENCES, MAX_LISTED - out.length + 1);
    const spans = row.rrule ? occurrencesBetween({ ...row, rrule: row.rrule }, slackFrom, slackTo, limit) : [{ start: row.startAt, end: row.endAt }];
    const base = toItemDto(row, viewer.userId, permissions);
    for (const span of spans) {
      if (!overlaps(row, span, range)) continue;
      // An occurrence differs from its series only in its times (what toItemDto would give, built once).
      out.push(row.rrule ? { ...base, start_at: span.start.toISOString(), end_at: span.end?.toISOString() ?? null, occurrence_of: base.start_at } : base);
    }
    // Stop here rather than build (and serialise) an answer too big to send at once.
    const cut = row.rrule !== null && limit < MAX_OCCURRENCES && spans.length >= limit;
    if (cut || out.length > MAX_LISTED) throw invalid("end_at", tooManyMessage);
  }
  return out.sort((a, b) => (a.start_at < b.start_at ? -1 : a.start_at > b.start_at ? 1 : 0));
}

interface Range {
  from: Date;
  to: Date;
  /** The first and last date of the range in the viewer's zone. */
  firstDay: string;
  lastDay: string;
}

/** A date-only bound is local midnight in the viewer's zone; an end date includes its whole day. */
function boundary(value: string, tz: string, endDays: number) {
  return value.length === 10 ? startOfDateInZone(endDays ? addDays(value, endDays) : value, tz) : new Date(value);
}

function overlaps(item: ScheduleItem, span: { start: Date; end: Date | null }, { from, to, firstDay: rangeFirst, lastDay: rangeLast }: Range) {
  if (item.allDay) {
    // Dates, not instants: an all-day item on the 25th is on the 25th wherever you are.
    const firstDay = dateInZone(span.start, item.timezone);
    const lastDay = dateInZone(new Date((span.end ?? span.start).getTime() - 1), item.timezone);
    return firstDay <= rangeLast && (lastDay < firstDay ? firstDay : lastDay) >= rangeFirst;
  }
  return span.start < to && (span.end ? span.end > from : span.start >= from);
}

/** Tells everyone who sees the item that it changed, so open calendars refresh live. */
export async function announceChange(db: AuthedContext["db"], item: ScheduleItem, actorId: string) {
  const subscribers = await db.scheduleSubscription.findMany({ where: { itemId: item.id }, select: { userId: true } });
  const audience = new Set([item.ownerId, ...subscribers.map((s) => s.userId)]);
  audience.delete(actorId);
  const bus = getEventBus();
  await Promise.all([...audience].map((userId) => bus.publish(userStream(userId), "calendar_changed", { item_id: item.id }).catch(() => {})));
}
