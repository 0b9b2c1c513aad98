import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { agentKey, agentRegistration, MAX_TASK_CHARS } from "./schemas";
import { listAgents, registerAgent, unregisterAgent } from "./service/agents";
import { ownAtriumAgents } from "./service/page";
import { createSpace, getSpace, listSpaces } from "./service/spaces";
import { recentTasks, submitTask } from "./service/tasks";

/** What the mesh page's "create a task" form sends: the same task as POST /tasks, flattened. */
const taskForm = z.object({
  task: z.string().trim().min(1).max(MAX_TASK_CHARS),
  target: agentKey.optional(),
  space_id: z.uuid().optional(),
});

/** The Agent mesh page: the same services as seed 001's REST routes, for the signed-in person. */
export const meshRouter = createTRPCRouter({
  agents: authedProcedure.query(({ ctx }) => listAgents(ctx.db, ctx.viewer.userId)),
  atriumAgents: authedProcedure.query(({ ctx }) => ownAtriumAgents(ctx.db, ctx.viewer.userId)),
  tasks: authedProcedure.query(({ ctx }) => recentTasks(ctx.db, ctx.viewer.userId)),
  spaces: authedProcedure.query(({ ctx }) => listSpaces(ctx.db, ctx.viewer.userId)),
  space: authedProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getSpace(ctx.db, ctx.viewer.userId, input.id)),
  register: authedProcedure.input(agentRegistration).mutation(async ({ ctx, input }) => {
    const agent = await registerAgent(ctx.db, ctx.viewer, input);
    return { id: agent.key };
  }),
  unregister: authedProcedure.input(z.object({ id: agentKey })).mutation(({ ctx, input }) => unregisterAgent(ctx.db, ctx.viewer.userId, input.id)),
  submit: authedProcedure.input(taskForm).mutation(({ ctx, input }) =>
    submitTask(ctx.db, ctx.viewer, {
      type: "request",
      source: "atrium-ui",
      target: input.target ?? "gateway",
      payload: { task: input.task, ...(input.space_id ? { context: { shared_space_id: input.space_id } } : {}) },
    }),
  ),
  createSpace: authedProcedure.input(z.object({ name: z.string().trim().min(1).max(200) })).mutation(({ ctx, input }) => createSpace(ctx.db, ctx.viewer.userId, { name: input.name, createdBy: "atrium-ui" })),
});
