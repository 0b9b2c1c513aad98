import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as s from "./schemas";
import { createAgent, deleteAgent, getAgent, listAgents, setStatus, updateAgent } from "./service/agents";
import { duplicateAgent, exportAgent, importAgent } from "./service/transfer";
import { listVersions, rollback } from "./service/versions";
import { describeToolsFor } from "./tools";


export const agentsRouter = createTRPCRouter({
  list: authedProcedure.input(s.listQuery).query(({ ctx, input }) => listAgents(ctx, input)),
  get: authedProcedure.input(idParam).query(({ ctx, input }) => getAgent(ctx, input.id)),
  create: authedProcedure.input(s.agentCreate).mutation(({ ctx, input }) => createAgent(ctx, input)),
  update: authedProcedure.input(idParam.extend({ patch: s.agentUpdate })).mutation(({ ctx, input }) => updateAgent(ctx, input.id, input.patch)),
  remove: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteAgent(ctx, input.id)),
  deploy: authedProcedure.input(idParam).mutation(({ ctx, input }) => setStatus(ctx, input.id, "deployed")),
  stop: authedProcedure.input(idParam).mutation(({ ctx, input }) => setStatus(ctx, input.id, "stopped")),
  duplicate: authedProcedure.input(idParam).mutation(({ ctx, input }) => duplicateAgent(ctx, input.id)),
  export: authedProcedure.input(idParam).query(({ ctx, input }) => exportAgent(ctx, input.id)),
  import: authedProcedure.input(s.exportedAgent).mutation(({ ctx, input }) => importAgent(ctx, input)),
  versions: authedProcedure.input(idParam).query(({ ctx, input }) => listVersions(ctx, input.id)),
  rollback: authedProcedure.input(s.versionParams).mutation(({ ctx, input }) => rollback(ctx, input.id, input.version)),
  /** The built-in tools for the designer's picker, with the JSON Schema each shows the model. */
  tools: authedProcedure.query(({ ctx }) => describeToolsFor({ db: ctx.db, userId: ctx.viewer.userId })),
});
