import { z } from "zod";
import { idParam } from "@/features/identity/schemas";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { deleteNotification, listNotifications, markAllRead, markRead, unreadCount } from "./service";

export const notificationsRouter = createTRPCRouter({
  list: authedProcedure
    .input(z.object({ unreadOnly: z.boolean().default(false), limit: z.number().int().min(1).max(100).default(30) }).default({ unreadOnly: false, limit: 30 }))
    .query(({ ctx, input }) => listNotifications(ctx, { unread_only: input.unreadOnly, limit: input.limit, offset: 0 })),
  unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx)),
  markRead: authedProcedure.input(idParam).mutation(({ ctx, input }) => markRead(ctx, input.id)),
  markAllRead: authedProcedure.mutation(({ ctx }) => markAllRead(ctx)),
  remove: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteNotification(ctx, input.id)),
});
