import { AppError } from "@/server/errors";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { installBody, rawServerBody, serverRef } from "./schemas";
import { catalog } from "./service/catalog";
import { healthOf } from "./service/health";
import { createServer, deleteServer, getServer, listServers, mayRunCommands, reconnectServer } from "./service/servers";

/** The MCP settings page's procedures: the same services as /api/mcp. */
export const mcpRouter = createTRPCRouter({
  servers: authedProcedure.query(({ ctx }) => listServers(ctx)),
  catalog: authedProcedure.query(() => ({ entries: [...catalog()] })),
  /** Whether the viewer may add servers that run a command (stdio), so the form can say so up front. */
  abilities: authedProcedure.query(({ ctx }) => ({ mayRunCommands: mayRunCommands(ctx.viewer.role) })),
  health: authedProcedure.query(({ ctx }) => healthOf(ctx)),
  // Two procedures rather than REST's one union body, so each form's errors name its own fields.
  install: authedProcedure.input(installBody).mutation(({ ctx, input }) => createServer(ctx, input)),
  add: authedProcedure.input(rawServerBody).mutation(({ ctx, input }) => createServer(ctx, input)),
  /**
   * Unlike REST's 502/504, a server that fails to connect is an answer here, not an error: the page
   * shows the row with its reason (which reconnectServer recorded) and a toast.
   */
  reconnect: authedProcedure.input(serverRef).mutation(async ({ ctx, input }) => {
    try {
      return { server: await reconnectServer(ctx, input.id), error: null };
    } catch (error) {
      if (!(error instanceof AppError) || !["BAD_GATEWAY", "GATEWAY_TIMEOUT"].includes(error.code)) throw error;
      return { server: await getServer(ctx, input.id), error: error.detail };
    }
  }),
  remove: authedProcedure.input(serverRef).mutation(({ ctx, input }) => deleteServer(ctx, input.id)),
});
