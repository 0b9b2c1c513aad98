import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as b from "./branch-schemas";
import * as s from "./schemas";
import { deleteBranch, getBranch, listBranches } from "./service/branches";
import { listSessions, sessionHistory } from "./service/sessions";

/** Reading conversations in the browser; sending messages goes through the SSE endpoints. */
export const chatRouter = createTRPCRouter({
  sessions: authedProcedure.input(s.sessionQuery).query(({ ctx, input }) => listSessions(ctx, input)),
  history: authedProcedure.input(s.historyQuery).query(({ ctx, input }) => sessionHistory(ctx, input)),
  /** A session's branches (the branch switcher); sending and resuming go through the REST/SSE endpoints. */
  branches: authedProcedure.input(b.branchListQuery).query(({ ctx, input }) => listBranches(ctx, input.session_id)),
  branch: authedProcedure.input(b.branchIdParam.extend(b.branchPageQuery.shape)).query(({ ctx, input }) => getBranch(ctx, input.branch_id, input)),
  deleteBranch: authedProcedure.input(b.branchIdParam).mutation(({ ctx, input }) => deleteBranch(ctx, input.branch_id)),
});
