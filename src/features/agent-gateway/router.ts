import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { agentId } from "./schemas";
import { listDeliveries } from "./service/deliveries";
import { listAgents } from "./service/registry";

/** The agent gateway's registrations and deliveries for the Comms page: the same services as /gateway/*. */
export const agentGatewayRouter = createTRPCRouter({
  agents: authedProcedure.query(({ ctx }) => listAgents(ctx.db, ctx.viewer.userId, { online_only: false })),
  deliveries: authedProcedure
    .input(z.object({ agent_id: agentId.optional(), limit: z.number().int().min(1).max(200).default(30) }))
    .query(({ ctx, input }) => listDeliveries(ctx.db, ctx.viewer.userId, input)),
});
