import { createTRPCRouter } from "@/server/trpc/init";

/** Runs of workflows for the editor and the run view: start, get, list, cancel, pause, resume, re-run. */
export const workflowRunsRouter = createTRPCRouter({});
