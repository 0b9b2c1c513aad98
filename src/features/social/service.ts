import "server-only";
import { announce, createNotification } from "@/features/notifications/service";
import { requirePermission } from "@/features/permissions/service/check";
import type { AuthedContext } from "@/server/context";
import { AppError, conflict, notFound } from "@/server/errors";
import type { FriendRequest, User } from "@/generated/prisma/client";

type Person = Pick<User, "id" | "username" | "avatarUrl">;
const person = (u: Person) => ({ id: u.id, username: u.username, avatar_url: u.avatarUrl });
const personSelect = { id: true, username: true, avatarUrl: true } as const;

export const toRequestDto = (r: FriendRequest & { fromUser?: Person; toUser?: Person }) => ({
  id: r.id,
  from_user_id: r.fromUserId,
  to_user_id: r.toUserId,
  content: r.content,
  status: r.status as "pending" | "accepted" | "declined" | "cancelled",
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
  ...(r.fromUser ? { from_user: person(r.fromUser) } : {}),
  ...(r.toUser ? { to_user: person(r.toUser) } : {}),
});

/** POST /friends/requests */
export async function sendFriendRequest({ db, viewer }: AuthedContext, input: { target_user_id: string; content?: string }) {
  await requirePermission(db, viewer, "friends:create");
  const me = viewer.userId;
  const target = input.target_user_id;
  if (target === me) throw new AppError("BAD_REQUEST", "You cannot send a friend request to yourself");
  const targetUser = await db.user.findUnique({ where: { id: target }, select: personSelect });
  if (!targetUser) throw notFound("User");
  if (await db.friendship.findUnique({ where: { userId_friendId: { userId: me, friendId: target } } })) {
    throw conflict("You are already friends");
  }
  const pending = await db.friendRequest.findFirst({
    where: { status: "pending", OR: [{ fromUserId: me, toUserId: target }, { fromUserId: target, toUserId: me }] },
  });
  if (pending) {
    throw conflict(pending.fromUserId === me ? "You already sent this person a request" : "This person already sent you a request: accept it instead");
  }
  const { request, notification } = await db.$transaction(async (tx) => {
    const request = await tx.friendRequest.create({ data: { fromUserId: me, toUserId: target, content: input.content || null } });
    const sender = await tx.user.findUniqueOrThrow({ where: { id: me }, select: { username: true } });
    const notification = await createNotification(tx, {
      userId: target,
      type: "friend_request",
      title: `${sender.username} sent you a friend request`,
      content: input.content,
      data: { request_id: request.id, from_user_id: me },
    });
    return { request, notification };
  });
  await announce(notification);
  return toRequestDto(request);
}

/** GET /friends/requests/inbox: pending requests to me. */
export async function incomingRequests({ db, viewer }: AuthedContext) {
  const rows = await db.friendRequest.findMany({
    where: { toUserId: viewer.userId, status: "pending" },
    include: { fromUser: { select: personSelect } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toRequestDto);
}

/** GET /friends/requests/outgoing: my pending requests. */
export async function outgoingRequests({ db, viewer }: AuthedContext) {
  const rows = await db.friendRequest.findMany({
    where: { fromUserId: viewer.userId, status: "pending" },
    include: { toUser: { select: personSelect } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toRequestDto);
}

async function pendingToMe({ db, viewer }: AuthedContext, id: string) {
  const request = await db.friendRequest.findFirst({ where: { id, toUserId: viewer.userId } });
  if (!request) throw notFound("Friend request");
  if (request.status !== "pending") throw conflict(`This request was already ${request.status}`);
  return request;
}

/** POST /friends/requests/{id}/accept: both become friends; the sender is told. */
export async function acceptFriendRequest(ctx: AuthedContext, id: string) {
  await requirePermission(ctx.db, ctx.viewer, "friends:create");
  const request = await pendingToMe(ctx, id);
  const { updated, notification } = await ctx.db.$transaction(async (tx) => {
    // Conditional on still pending, so a double click cannot befriend twice.
    const { count } = await tx.friendRequest.updateMany({ where: { id, status: "pending" }, data: { status: "accepted" } });
    if (count !== 1) throw conflict("This request was already handled");
    const pair = [
      { userId: request.fromUserId, friendId: request.toUserId },
      { userId: request.toUserId, friendId: request.fromUserId },
    ];
    await tx.friendship.createMany({ data: pair, skipDuplicates: true });
    const accepter = await tx.user.findUniqueOrThrow({ where: { id: request.toUserId }, select: { username: true } });
    const notification = await createNotification(tx, {
      userId: request.fromUserId,
      type: "friend_accepted",
      title: `${accepter.username} accepted your friend request`,
      data: { request_id: id, user_id: request.toUserId },
    });
    return { updated: await tx.friendRequest.findUniqueOrThrow({ where: { id } }), notification };
  });
  await announce(notification);
  return toRequestDto(updated);
}

/** POST /friends/requests/{id}/decline */
export async function declineFriendRequest(ctx: AuthedContext, id: string) {
  await pendingToMe(ctx, id);
  const { count } = await ctx.db.friendRequest.updateMany({ where: { id, status: "pending" }, data: { status: "declined" } });
  if (count !== 1) throw conflict("This request was already handled");
  return toRequestDto(await ctx.db.friendRequest.findUniqueOrThrow({ where: { id } }));
}

/** DELETE /friends/requests/{id}: withdraw a request I sent that is still pending. */
export async function cancelFriendRequest({ db, viewer }: AuthedContext, id: string) {
  const { count } = await db.friendRequest.updateMany({
    where: { id, fromUserId: viewer.userId, status: "pending" },
    data: { status: "cancelled" },
  });
  if (count === 0) throw notFound("Pending friend request");
}

/** GET /friends */
export async function listFriends({ db, viewer }: AuthedContext) {
  const rows = await db.friendship.findMany({
    where: { userId: viewer.userId },
    include: { friend: { select: { id: true, username: true, avatarUrl: true, bio: true } } },
    orderBy: { friend: { username: "asc" } },
  });
  return rows.map((f) => ({
    id: f.id,
    friend_id: f.friendId,
    username: f.friend.username,
    avatar_url: f.friend.avatarUrl,
    bio: f.friend.bio,
    created_at: f.createdAt.toISOString(),
  }));
}

/** DELETE /friends/{id}: by friendship id or by the friend's user id; ends it for both sides. */
export async function removeFriend({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "friends:delete");
  const mine = await db.friendship.findFirst({ where: { userId: viewer.userId, OR: [{ id }, { friendId: id }] } });
  if (!mine) throw notFound("Friendship");
  await db.friendship.deleteMany({
    where: {
      OR: [
        { userId: viewer.userId, friendId: mine.friendId },
        { userId: mine.friendId, friendId: viewer.userId },
      ],
    },
  });
}
