import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { agentRef, discoverBody, sendBody, taskRef } from "./schemas";
import { deleteAgent, discoverAgent, listAgents } from "./service/agents";
import { listTasks, sendTask, taskStatus } from "./service/tasks";

/** The A2A agents page (outside agents discovered by URL): the same services as /api/a2a. */
export const a2aRouter = createTRPCRouter({
  agents: authedProcedure.query(({ ctx }) => listAgents(ctx)),
  discover: authedProcedure.input(discoverBody).mutation(({ ctx, input }) => discoverAgent(ctx, input)),
  remove: authedProcedure.input(agentRef).mutation(({ ctx, input }) => deleteAgent(ctx, input.id)),
  send: authedProcedure.input(sendBody).mutation(({ ctx, input }) => sendTask(ctx, input)),
  tasks: authedProcedure.input(z.object({ agent_id: z.uuid().optional() })).query(({ ctx, input }) => listTasks(ctx, input.agent_id)),
  status: authedProcedure.input(taskRef).query(({ ctx, input }) => taskStatus(ctx, input.id)),
});
