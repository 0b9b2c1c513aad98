import { createTRPCRouter } from "@/server/trpc/init";

/** The A2A agents page (outside agents discovered by URL): the same services as /api/a2a. */
export const a2aRouter = createTRPCRouter({});
