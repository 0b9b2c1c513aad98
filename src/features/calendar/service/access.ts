import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { DbTx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { ALL_PERMISSIONS, PERMISSION } from "../schemas";

/** Subscription values that include the view bit: Prisma cannot filter on a bitwise AND. */
export const VIEWABLE = [1, 3, 5, 7];

/**
 * The items a user may see, as a query filter: their own, and those shared with them with the view
 * bit; never soft-deleted ones. The one rule for listings, search and agents' tools alike.
 */
export function visibleTo(userId: string): Prisma.ScheduleItemWhereInput {
  return {
    deletedAt: null,
    OR: [{ ownerId: userId }, { subscriptions: { some: { userId, permissions: { in: VIEWABLE } } } }],
  };
}

/**
 * What a user may do with an item: the owner everything, a subscriber their bits. An item the user
 * may not view, a soft-deleted one, or a foreign id is "not found", so ids do not leak existence.
 */
export async function accessTo(db: DbTx, userId: string, itemId: string) {
  const item = await db.scheduleItem.findFirst({
    where: { id: itemId, deletedAt: null },
    include: { subscriptions: { where: { userId }, select: { permissions: true } } },
  });
  if (!item) throw notFound("Schedule item");
  const permissions = item.ownerId === userId ? ALL_PERMISSIONS : (item.subscriptions[0]?.permissions ?? 0);
  if (!(permissions & PERMISSION.view)) throw notFound("Schedule item");
  return { item, permissions, isOwner: item.ownerId === userId };
}

export function require(permissions: number, bit: number, action: string) {
  if (!(permissions & bit)) throw new AppError("FORBIDDEN", `You may view this item but not ${action} it`);
}
