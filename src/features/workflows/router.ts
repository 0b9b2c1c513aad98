import { createTRPCRouter } from "@/server/trpc/init";
import { workflowRunsRouter } from "./runs/router";

/** The workflow editor's procedures (services in service/ and runs/). */
export const workflowsRouter = createTRPCRouter({
  runs: workflowRunsRouter,
});
