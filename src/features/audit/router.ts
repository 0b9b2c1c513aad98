import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { auditListQuery } from "./schemas";
import { listEntries } from "./service/entries";
import { securityOverview } from "./service/security";
import { verifyAudit } from "./service/verify";

/** The Audit page (administrators; the services refuse anyone else with FORBIDDEN). */
export const auditRouter = createTRPCRouter({
  entries: authedProcedure.input(auditListQuery).query(({ ctx, input }) => listEntries(ctx, input)),
  verify: authedProcedure.input(z.void()).mutation(({ ctx }) => verifyAudit(ctx)),
  security: authedProcedure.query(({ ctx }) => securityOverview(ctx)),
});
