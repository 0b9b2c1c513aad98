import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as s from "./schemas";
import { listSessions, sessionHistory } from "./service/sessions";

/** Reading conversations in the browser; sending messages goes through the SSE endpoints. */
export const chatRouter = createTRPCRouter({
  sessions: authedProcedure.input(s.sessionQuery).query(({ ctx, input }) => listSessions(ctx, input)),
  history: authedProcedure.input(s.historyQuery).query(({ ctx, input }) => sessionHistory(ctx, input)),
});
