import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { log } from "@/server/log";
import type { CommsEvent, Prisma } from "@/generated/prisma/client";
import type { CommsEventDto, CommsEventType } from "../schemas";

/** Every comms event of a user goes to one bus stream, served at /api/comms/events/stream. */
export const commsStream = (userId: string) => `comms:${userId}`;

/** Events kept per user, in the table and on the bus stream (for Last-Event-ID replay). */
export const COMMS_EVENT_RETENTION = 1_000;
/** Prune a user's table every this many events this process records. */
const PRUNE_EVERY = 50;

export interface NewCommsEvent {
  type: CommsEventType;
  from: string;
  to: string;
  messageId?: string | null;
  content?: string;
  data?: Record<string, unknown>;
}

export function eventDto(row: CommsEvent): CommsEventDto {
  return {
    id: row.id,
    type: row.type as CommsEventType,
    from: row.from,
    to: row.to,
    message_id: row.messageId,
    content: row.content,
    data: (row.data ?? {}) as Record<string, unknown>,
    created_at: row.createdAt.toISOString(),
    stream_id: row.busId,
  };
}

let recorded = 0;

/**
 * Stores an event and publishes it on the user's stream. The bus comes first so the row keeps the
 * event's stream id (a listing can hand it to the stream as Last-Event-ID); a bus that fails costs the
 * live view one event, never the row.
 */
export async function recordEvent(db: Db, userId: string, event: NewCommsEvent): Promise<CommsEventDto> {
  const row = { id: randomUUID(), type: event.type, from: event.from, to: event.to, messageId: event.messageId ?? null, content: (event.content ?? "").slice(0, 20_000), data: event.data ?? {}, createdAt: new Date() };
  const dto: CommsEventDto = { id: row.id, type: row.type, from: row.from, to: row.to, message_id: row.messageId, content: row.content, data: row.data, created_at: row.createdAt.toISOString(), stream_id: null };
  try {
    dto.stream_id = await getEventBus().publish(commsStream(userId), event.type, { ...dto, stream_id: undefined }, { retention: COMMS_EVENT_RETENTION });
  } catch (error) {
    log.error("comms event not published", { err: error, type: event.type });
  }
  await db.commsEvent.create({ data: { ...row, userId, data: row.data as Prisma.InputJsonObject, busId: dto.stream_id } });
  if (++recorded % PRUNE_EVERY === 0) await pruneEvents(db, userId);
  return dto;
}

/** Keeps the newest COMMS_EVENT_RETENTION events of a user. */
export async function pruneEvents(db: Db, userId: string) {
  await db.$executeRaw`
    DELETE FROM comms_events WHERE user_id = ${userId}::uuid AND id IN (
      SELECT id FROM comms_events WHERE user_id = ${userId}::uuid ORDER BY created_at DESC OFFSET ${COMMS_EVENT_RETENTION})`;
}

export async function listEvents(db: Db, userId: string, limit: number) {
  const rows = await db.commsEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: limit });
  const events = rows.map(eventDto);
  return { events, total: events.length };
}
