import { createTRPCRouter } from "@/server/trpc/init";

/** The gateway pages' procedures. */
export const gatewayRouter = createTRPCRouter({});
