import { z } from "zod";
import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { executionCreate, executionQuery } from "./schemas";
import { cancelWorkflowRun, createExecution, getWorkflowRun, listWorkflowRuns, pauseWorkflowRun, rerunFromNode, resumeWorkflowRun } from "./service";

/** Runs of workflows for the editor and the run view: start, get, list, cancel, pause, resume, re-run. */
export const workflowRunsRouter = createTRPCRouter({
  start: authedProcedure.input(executionCreate).mutation(({ ctx, input }) => createExecution(ctx, input)),
  get: authedProcedure.input(idParam).query(({ ctx, input }) => getWorkflowRun(ctx, input.id)),
  list: authedProcedure.input(executionQuery.default({ page: 1, page_size: 20 })).query(({ ctx, input }) => listWorkflowRuns(ctx, input)),
  cancel: authedProcedure.input(idParam).mutation(({ ctx, input }) => cancelWorkflowRun(ctx, input.id)),
  pause: authedProcedure.input(idParam).mutation(({ ctx, input }) => pauseWorkflowRun(ctx, input.id)),
  resume: authedProcedure.input(idParam).mutation(({ ctx, input }) => resumeWorkflowRun(ctx, input.id)),
  rerunFrom: authedProcedure.input(idParam.extend({ node_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })).mutation(({ ctx, input }) => rerunFromNode(ctx, input.id, input.node_id)),
});
