import "server-only";
import type { AuditEntry, Prisma } from "@/generated/prisma/client";
import type { ServiceContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import type { AuditEntryDto, AuditListQuery } from "../schemas";
import { assertAdmin } from "./access";

function toDto(e: AuditEntry, usernames: Map<string, string>): AuditEntryDto {
  return {
    id: e.id,
    timestamp: e.timestamp.toISOString(),
    event_type: e.eventType,
    actor_id: e.actorId,
    actor_username: e.actorId ? (usernames.get(e.actorId) ?? null) : null,
    agent_id: e.agentId,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    details: e.details,
    data: (e.data && typeof e.data === "object" && !Array.isArray(e.data) ? e.data : {}) as Record<string, unknown>,
    ip: e.ip,
    hash: e.hash,
    prev_hash: e.prevHash,
  };
}

/** Actors' usernames in one query (entries keep ids only: an entry outlives its user). */
async function withUsernames(db: Db, rows: AuditEntry[]) {
  const ids = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } }) : [];
  const usernames = new Map(users.map((u) => [u.id, u.username]));
  return rows.map((r) => toDto(r, usernames));
}

/** GET /api/audit/recent: the newest `limit` entries and how many there are in all. */
export async function recentEntries({ db, viewer }: ServiceContext, limit: number) {
  assertAdmin(viewer);
  const [rows, total] = await Promise.all([db.auditEntry.findMany({ orderBy: { id: "desc" }, take: limit }), db.auditEntry.count()]);
  return { entries: await withUsernames(db, rows), total };
}

async function whereOf(db: Db, q: Omit<AuditListQuery, "page" | "page_size">): Promise<Prisma.AuditEntryWhereInput> {
  // A username that matches nobody matches no entries (not every entry).
  const named = q.actor ? await db.user.findFirst({ where: { username: { equals: q.actor, mode: "insensitive" } }, select: { id: true } }) : undefined;
  const actorIds = [q.actor_id, q.actor ? (named?.id ?? "00000000-0000-0000-0000-000000000000") : undefined].filter((id): id is string => !!id);
  return {
    ...(q.event_type ? { eventType: q.event_type } : {}),
    ...(actorIds.length ? { AND: actorIds.map((actorId) => ({ actorId })) } : {}),
    ...(q.from || q.to ? { timestamp: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
  };
}

/** GET /api/v1/audit-logs and the Audit page: filtered, newest first, paged. */
export async function listEntries({ db, viewer }: ServiceContext, q: AuditListQuery) {
  assertAdmin(viewer);
  const where = await whereOf(db, q);
  const [rows, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: { id: "desc" }, skip: (q.page - 1) * q.page_size, take: q.page_size }),
    db.auditEntry.count({ where }),
  ]);
  return { items: await withUsernames(db, rows), total, page: q.page, page_size: q.page_size };
}

/** GET /api/v1/audit-logs/stats: totals by event type and per UTC day over the last `days` days. */
export async function entryStats({ db, viewer }: ServiceContext, days: number) {
  assertAdmin(viewer);
  const since = new Date();
  since.setUTCHours(0, 0, 0, 0);
  since.setUTCDate(since.getUTCDate() - (days - 1));
  const [total, byType, byDay, first, last] = await Promise.all([
    db.auditEntry.count(),
    db.auditEntry.groupBy({ by: ["eventType"], _count: { _all: true }, orderBy: { eventType: "asc" } }),
    db.$queryRaw<{ day: string; count: bigint | number }[]>`
      SELECT to_char(date_trunc('day', "timestamp" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS count
      FROM audit_entries WHERE "timestamp" >= ${since} GROUP BY 1 ORDER BY 1`,
    db.auditEntry.findFirst({ orderBy: { id: "asc" }, select: { timestamp: true } }),
    db.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { timestamp: true } }),
  ]);
  const counts = new Map(byDay.map((d) => [d.day, Number(d.count)]));
  const series = Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
  return {
    total,
    by_event_type: byType.map((t) => ({ event_type: t.eventType, count: t._count._all })).sort((a, b) => b.count - a.count),
    by_day: series,
    first_entry: first?.timestamp.toISOString() ?? null,
    last_entry: last?.timestamp.toISOString() ?? null,
  };
}
