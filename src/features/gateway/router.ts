import { z } from "zod";
import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { QUOTA_SOURCES, routeInput } from "./schemas";
import { listRoutes, overview, recentCalls, removeRoute, saveRoute, setQuotaSource } from "./service/routes";

/** The Gateway page's procedures. */
export const gatewayRouter = createTRPCRouter({
  overview: authedProcedure.query(({ ctx }) => overview(ctx)),
  calls: authedProcedure.input(z.object({ minutes: z.number().int().min(1).max(24 * 60).default(60) })).query(({ ctx, input }) => recentCalls(ctx, input.minutes)),
  routes: createTRPCRouter({
    list: authedProcedure.query(({ ctx }) => listRoutes(ctx)),
    create: authedProcedure.input(routeInput).mutation(({ ctx, input }) => saveRoute(ctx, input)),
    update: authedProcedure.input(routeInput.extend({ id: z.uuid() })).mutation(({ ctx, input }) => saveRoute(ctx, input)),
    remove: authedProcedure.input(idParam).mutation(({ ctx, input }) => removeRoute(ctx, input.id)),
  }),
  setQuotaSource: authedProcedure
    .input(z.object({ modelConfigId: z.uuid(), source: z.enum(QUOTA_SOURCES) }))
    .mutation(({ ctx, input }) => setQuotaSource(ctx, input.modelConfigId, input.source)),
});
