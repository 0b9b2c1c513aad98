import { z } from "zod";
import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as s from "./schemas";
import { createFeed, feedStatus, revokeFeed } from "./service/feed";
import { createItem, deleteItem, getItem, listItems, updateItem } from "./service/items";
import { acceptInvitation, dismissInvitation, listInbox, shareItem } from "./service/sharing";


export const calendarRouter = createTRPCRouter({
  range: authedProcedure.input(s.rangeQuery).query(({ ctx, input }) => listItems(ctx, input)),
  get: authedProcedure.input(idParam).query(({ ctx, input }) => getItem(ctx, input.id)),
  create: authedProcedure.input(s.itemCreate).mutation(({ ctx, input }) => createItem(ctx, input)),
  update: authedProcedure.input(idParam.extend({ patch: s.itemUpdate })).mutation(({ ctx, input }) => updateItem(ctx, input.id, input.patch)),
  remove: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteItem(ctx, input.id)),
  share: authedProcedure.input(idParam.extend({ share: s.share })).mutation(({ ctx, input }) => shareItem(ctx, input.id, input.share)),
  feed: createTRPCRouter({
    status: authedProcedure.query(({ ctx }) => feedStatus(ctx)),
    create: authedProcedure.input(z.object({ origin: z.url() })).mutation(({ ctx, input }) => createFeed(ctx, input.origin)),
    revoke: authedProcedure.mutation(({ ctx }) => revokeFeed(ctx)),
  }),
});

export const inboxRouter = createTRPCRouter({
  list: authedProcedure.input(s.inboxQuery).query(({ ctx, input }) => listInbox(ctx, input)),
  accept: authedProcedure.input(idParam.extend({ permissions: s.acceptInvitation })).mutation(({ ctx, input }) => acceptInvitation(ctx, input.id, input.permissions)),
  dismiss: authedProcedure.input(idParam).mutation(({ ctx, input }) => dismissInvitation(ctx, input.id)),
});
