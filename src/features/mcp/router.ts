import { createTRPCRouter } from "@/server/trpc/init";

/** The mcp pages' procedures. */
export const mcpRouter = createTRPCRouter({});
