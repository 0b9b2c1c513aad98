import "server-only";
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { BUILTIN_TOOLS } from "@/features/agents/tools";
import { atLeast } from "@/features/permissions/catalog";
import { effectiveAccess } from "@/features/permissions/service/check";
import { answerOnce } from "@/features/chat/service/answer-once";

/** A tool result's text is cut here: an MCP client shows it to a model, whose context is finite. */
export const MAX_RESULT_CHARS = 100_000;
/** An agent answering through /mcp gets this long (the client's own disconnect stops it sooner). */
export const AGENT_CALL_TIMEOUT_MS = 120_000;
/** At most this many agents are listed as tools (newest change first). */
export const MAX_AGENT_TOOLS = 100;

const agentInput = z.object({ message: z.string().trim().min(1).max(20_000).describe("What to ask the agent") });

export const text = (value: string, isError = false): CallToolResult => ({
  content: [{ type: "text", text: value.length > MAX_RESULT_CHARS ? `${value.slice(0, MAX_RESULT_CHARS)}… (truncated)` : value }],
  ...(isError ? { isError: true } : {}),
});

/** A failure a client's model can read: our own errors say what went wrong, anything else is logged. */
function failure(name: string, error: unknown): CallToolResult {
  if (error instanceof AppError) return text(error.detail, true);
  log.error("MCP tool failed", { tool: name, err: error });
  return text(`The ${name} tool failed`, true);
}

/** Atrium's built-in tools, acting for the key's user (their calendar, their outbound rules). */
export function registerBuiltinTools(server: McpServer, db: Db, viewer: Viewer) {
  for (const definition of BUILTIN_TOOLS) {
    server.registerTool(
      definition.name,
      { description: definition.description, inputSchema: definition.inputSchema as z.ZodObject },
      async (input: unknown, extra) => {
        try {
          const result = await definition.execute({ db, userId: viewer.userId }, input, extra.signal);
          return text(JSON.stringify(result));
        } catch (error) {
          return failure(definition.name, error);
        }
      },
    );
  }
}

/** `agent_<name>`: MCP tool names allow letters, digits, `_`, `-` and `.` (at most 128). */
export function agentToolName(name: string, id: string, taken: Set<string>) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || "agent";
  let candidate = `agent_${slug}`;
  if (taken.has(candidate)) candidate = `${candidate}_${id.slice(0, 8)}`;
  taken.add(candidate);
  return candidate;
}

/** The deployed agents the viewer may use: their own and those shared with them at `use` or above. */
export async function usableDeployedAgents(db: Db, viewer: Viewer) {
  const shared = [...(await effectiveAccess(db, viewer)).grants]
    .filter(([key, level]) => key.startsWith("agent:") && atLeast(level, "use"))
    .map(([key]) => key.slice("agent:".length));
  return db.agent.findMany({
    where: { status: "deployed", OR: [{ ownerId: viewer.userId }, ...(shared.length ? [{ id: { in: shared } }] : [])] },
    select: { id: true, name: true, description: true },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: MAX_AGENT_TOOLS,
  });
}

/** Each deployed agent as a tool taking `{message}`: it answers once through chat's turn (answerOnce). */
export async function registerAgentTools(server: McpServer, db: Db, viewer: Viewer, requestSignal: AbortSignal) {
  const taken = new Set(BUILTIN_TOOLS.map((t) => t.name));
  for (const agent of await usableDeployedAgents(db, viewer)) {
    const name = agentToolName(agent.name, agent.id, taken);
    const description = `Ask the Atrium agent "${agent.name}"${agent.description ? `: ${agent.description}` : ""}`.slice(0, 1000);
    server.registerTool(name, { description, inputSchema: agentInput }, async ({ message }) => {
      try {
        const signal = AbortSignal.any([requestSignal, AbortSignal.timeout(AGENT_CALL_TIMEOUT_MS)]);
        const { turn } = await answerOnce({ db, viewer, agentId: agent.id, message, titlePrefix: "MCP call", logLabel: "mcp-agent" }, signal);
        if (turn.status === "complete") return text(turn.content);
        return text(turn.error ?? `The agent did not finish (${turn.status})`, true);
      } catch (error) {
        return failure(name, error);
      }
    });
  }
}
