import "server-only";
import { announce, createNotification } from "@/features/notifications/service";
import type { AuthedContext } from "@/server/context";
import { requirePermission } from "@/features/permissions/service/check";
import { AppError, notFound } from "@/server/errors";
import type { InboxMessage, ScheduleItem, User } from "@/generated/prisma/client";
import { bitsOf, PERMISSION } from "../schemas";
import { accessTo } from "./access";

/**
 * POST /schedule-items/{id}/share: invites a user by e-mail. The owner may offer any bits; a
 * subscriber needs the invite bit and can never offer more than they hold themselves.
 */
export async function shareItem(
  { db, viewer }: AuthedContext,
  id: string,
  input: { email: string; permission_view: boolean; permission_edit: boolean; permission_invite: boolean },
) {
  await requirePermission(db, viewer, "calendar:share");
  const { item, permissions, isOwner } = await accessTo(db, viewer.userId, id);
  if (!isOwner && !(permissions & PERMISSION.invite)) throw new AppError("FORBIDDEN", "Only the owner, or someone they allowed to invite, can share this item");
  const offered = bitsOf(input);
  if (offered === 0) throw new AppError("BAD_REQUEST", "Offer at least one permission");
  if (!isOwner && (offered & ~permissions) !== 0) throw new AppError("FORBIDDEN", "You cannot grant permissions you do not hold");
  const recipient = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (!recipient) throw notFound("User");
  if (recipient.id === viewer.userId) throw new AppError("BAD_REQUEST", "You cannot share an item with yourself");
  if (recipient.id === item.ownerId) throw new AppError("BAD_REQUEST", "That person owns this item");

  const notification = await db.$transaction(async (tx) => {
    const sender = await tx.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { username: true } });
    // A newer invitation replaces one still waiting, so the inbox never shows duplicates.
    await tx.inboxMessage.updateMany({
      where: { recipientId: recipient.id, scheduleItemId: id, status: "pending" },
      data: { status: "dismissed" },
    });
    const message = await tx.inboxMessage.create({
      data: {
        recipientId: recipient.id,
        senderId: viewer.userId,
        messageType: "calendar",
        scheduleItemId: id,
        permissions: offered,
        content: `${sender.username} invited you to “${item.title}”`,
      },
    });
    return createNotification(tx, {
      userId: recipient.id,
      type: "calendar_invitation",
      title: `${sender.username} invited you to “${item.title}”`,
      data: { message_id: message.id, schedule_item_id: id },
    });
  });
  await announce(notification);
  return { message: `Invitation sent to ${input.email}` };
}

type MessageRow = InboxMessage & {
  sender: Pick<User, "id" | "username" | "avatarUrl"> | null;
  scheduleItem: ScheduleItem | null;
};

const toMessageDto = (m: MessageRow) => ({
  id: m.id,
  recipient_id: m.recipientId,
  sender_id: m.senderId,
  message_type: m.messageType,
  schedule_item_id: m.scheduleItemId,
  content: m.content,
  is_read: m.isRead,
  status: m.status,
  permissions: m.permissions,
  created_at: m.createdAt.toISOString(),
  sender: m.sender ? { id: m.sender.id, username: m.sender.username, avatar_url: m.sender.avatarUrl } : null,
  schedule_item:
    m.scheduleItem && !m.scheduleItem.deletedAt
      ? {
          id: m.scheduleItem.id,
          title: m.scheduleItem.title,
          start_at: m.scheduleItem.startAt.toISOString(),
          end_at: m.scheduleItem.endAt?.toISOString() ?? null,
          timezone: m.scheduleItem.timezone,
          all_day: m.scheduleItem.allDay,
        }
      : null,
});

/** GET /inbox/messages */
export async function listInbox({ db, viewer }: AuthedContext, q: { status?: string }) {
  const rows = await db.inboxMessage.findMany({
    where: { recipientId: viewer.userId, ...(q.status ? { status: q.status } : {}) },
    include: { sender: { select: { id: true, username: true, avatarUrl: true } }, scheduleItem: true },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map(toMessageDto);
}

async function pendingMessage({ db, viewer }: AuthedContext, id: string) {
  const message = await db.inboxMessage.findFirst({ where: { id, recipientId: viewer.userId }, include: { scheduleItem: true } });
  if (!message) throw notFound("Message");
  if (message.status !== "pending") throw new AppError("BAD_REQUEST", `This invitation is already ${message.status}`);
  return message;
}

/**
 * POST /inbox/messages/{id}/accept: subscribes the recipient with the bits they choose, never
 * more than were offered; an existing subscription keeps what it had and gains the new bits.
 */
export async function acceptInvitation(
  ctx: AuthedContext,
  id: string,
  input: { permission_view: boolean; permission_edit: boolean; permission_invite: boolean },
) {
  const message = await pendingMessage(ctx, id);
  if (message.messageType !== "calendar" || !message.scheduleItemId) throw new AppError("BAD_REQUEST", "This message is not a calendar invitation");
  if (!message.scheduleItem || message.scheduleItem.deletedAt) throw new AppError("BAD_REQUEST", "The item no longer exists");
  const granted = bitsOf(input) & message.permissions;
  if (granted === 0) throw new AppError("BAD_REQUEST", "Choose at least one of the permissions you were offered");
  const itemId = message.scheduleItemId;
  const userId = ctx.viewer.userId;
  const notification = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.inboxMessage.updateMany({ where: { id, status: "pending" }, data: { status: "accepted", isRead: true } });
    if (count !== 1) throw new AppError("BAD_REQUEST", "This invitation was already handled");
    const existing = await tx.scheduleSubscription.findUnique({ where: { itemId_userId: { itemId, userId } } });
    await tx.scheduleSubscription.upsert({
      where: { itemId_userId: { itemId, userId } },
      create: { itemId, userId, permissions: granted },
      update: { permissions: (existing?.permissions ?? 0) | granted },
    });
    if (!message.senderId) return null;
    const accepter = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } });
    return createNotification(tx, {
      userId: message.senderId,
      type: "calendar_accepted",
      title: `${accepter.username} accepted “${message.scheduleItem!.title}”`,
      data: { schedule_item_id: itemId, user_id: userId },
    });
  });
  if (notification) await announce(notification);
}

/** POST /inbox/messages/{id}/dismiss */
export async function dismissInvitation(ctx: AuthedContext, id: string) {
  await pendingMessage(ctx, id);
  const { count } = await ctx.db.inboxMessage.updateMany({ where: { id, status: "pending" }, data: { status: "dismissed", isRead: true } });
  if (count !== 1) throw new AppError("BAD_REQUEST", "This invitation was already handled");
}
