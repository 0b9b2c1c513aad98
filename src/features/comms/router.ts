import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { sendBody } from "./schemas";
import { listEvents } from "./service/events";
import { sendComms } from "./service/send";
import { buildTopology } from "./service/topology";

/** The Comms page: the same services as /api/comms. */
export const commsRouter = createTRPCRouter({
  topology: authedProcedure.query(({ ctx }) => buildTopology(ctx.db, ctx.viewer.userId)),
  events: authedProcedure.input(z.object({ limit: z.number().int().min(1).max(200).default(50) })).query(({ ctx, input }) => listEvents(ctx.db, ctx.viewer.userId, input.limit)),
  send: authedProcedure.input(sendBody).mutation(({ ctx, input }) => sendComms(ctx.db, ctx.viewer, input)),
});
