import { createTRPCRouter } from "@/server/trpc/init";

/** The workflow editor's procedures (services in service/ and runs/). */
export const workflowsRouter = createTRPCRouter({});
