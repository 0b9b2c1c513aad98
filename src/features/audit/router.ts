import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { auditListQuery } from "./schemas";
import { listEntries } from "./service/entries";
import { securityOverview } from "./service/security";
import { verifyAudit } from "./service/verify";

/** The Audit page (administrators; the services refuse anyone else with FORBIDDEN). */
export const auditRouter = createTRPCRouter({
  /** Whether the page may show anything: asked first, so members never trigger 403s. */
  access: authedProcedure.query(({ ctx }) => ({ is_admin: ctx.viewer.role === "admin" })),
  entries: authedProcedure.input(auditListQuery).query(({ ctx, input }) => listEntries(ctx, input)),
  verify: authedProcedure.input(z.void()).mutation(({ ctx }) => verifyAudit(ctx)),
  security: authedProcedure.query(({ ctx }) => securityOverview(ctx)),
});
