import { createTRPCRouter } from "@/server/trpc/init";

/** The mesh pages' procedures. */
export const meshRouter = createTRPCRouter({});
