import "server-only";
import type { AuthedContext } from "@/server/context";
import type { DbTx } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { notFound } from "@/server/errors";
import type { Notification, Prisma } from "@/generated/prisma/client";
import type { NotificationDto } from "./schemas";

/** Each user's live stream on the event bus (SSE at /api/v1/notifications/stream). */
export const userStream = (userId: string) => `user:${userId}`;

export const toDto = (n: Notification): NotificationDto => ({
  id: n.id,
  type: n.type,
  title: n.title,
  content: n.content,
  data: (n.data ?? {}) as Record<string, unknown>,
  is_read: n.readAt !== null,
  read_at: n.readAt?.toISOString() ?? null,
  created_at: n.createdAt.toISOString(),
});

export interface NewNotification {
  userId: string;
  type: string;
  title: string;
  content?: string;
  data?: Prisma.InputJsonObject;
}

/** Stores a notification. Call `announce` with the result once the surrounding transaction commits. */
export async function createNotification(db: DbTx, input: NewNotification) {
  return db.notification.create({
    data: { userId: input.userId, type: input.type, title: input.title, content: input.content, data: input.data ?? {} },
  });
}

/** Pushes stored notifications to their owners' open dashboards. Best effort: the row is the truth. */
export async function announce(...notifications: Notification[]) {
  const bus = getEventBus();
  await Promise.all(
    notifications.map((n) =>
      bus.publish(userStream(n.userId), "notification", toDto(n)).catch((error) => console.warn("[notifications] publish failed", error)),
    ),
  );
}

export async function listNotifications({ db, viewer }: AuthedContext, q: { unread_only: boolean; limit: number; offset: number }) {
  const rows = await db.notification.findMany({
    where: { userId: viewer.userId, ...(q.unread_only ? { readAt: null } : {}) },
    orderBy: { createdAt: "desc" },
    take: q.limit,
    skip: q.offset,
  });
  return rows.map(toDto);
}

export async function unreadCount({ db, viewer }: AuthedContext) {
  return { count: await db.notification.count({ where: { userId: viewer.userId, readAt: null } }) };
}

export async function markRead({ db, viewer }: AuthedContext, id: string) {
  const found = await db.notification.findFirst({ where: { id, userId: viewer.userId } });
  if (!found) throw notFound("Notification");
  const updated = found.readAt ? found : await db.notification.update({ where: { id }, data: { readAt: new Date() } });
  await getEventBus().publish(userStream(viewer.userId), "notification_read", { id }).catch(() => {});
  return toDto(updated);
}

export async function markAllRead({ db, viewer }: AuthedContext) {
  const { count } = await db.notification.updateMany({ where: { userId: viewer.userId, readAt: null }, data: { readAt: new Date() } });
  await getEventBus().publish(userStream(viewer.userId), "notification_read", { all: true }).catch(() => {});
  return { updated: count };
}

export async function deleteNotification({ db, viewer }: AuthedContext, id: string) {
  const { count } = await db.notification.deleteMany({ where: { id, userId: viewer.userId } });
  if (count === 0) throw notFound("Notification");
}
