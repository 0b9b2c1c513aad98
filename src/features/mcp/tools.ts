import "server-only";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { callRemoteTool, qualifiedToolName, storedTools, type ToolOutcome } from "./service/remote-tools";

/**
 * What the agents' tool set needs from MCP (agents sit above mcp): the MCP tools a user's agents may
 * use, named `mcp_<server>_<tool>`, and a way to call one. The list comes from each server's stored
 * tool list (its last successful connection), so describing tools never starts a server; a call
 * opens the connection on demand.
 */
export const isMcpToolName = (name: string) => name.startsWith("mcp_");

/**
 * What model providers accept as a function name (OpenAI: letters, digits, `_` and `-`, at most 64).
 * An MCP tool whose qualified name does not fit is listed on its server but not offered to agents.
 */
const PROVIDER_SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface McpToolDescription {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  server: string;
}

export async function mcpToolsFor(db: Db, userId: string): Promise<McpToolDescription[]> {
  const rows = await db.mcpServer.findMany({ where: { userId, enabled: true }, orderBy: { name: "asc" } });
  return rows.flatMap((row) =>
    storedTools(row)
      .map((t) => ({ name: qualifiedToolName(row.name, t.tool), description: t.description || `${t.tool} (MCP server ${row.name})`, input_schema: t.inputSchema, server: row.name }))
      .filter((t) => PROVIDER_SAFE_NAME.test(t.name)),
  );
}

/**
 * Calls `mcp_<server>_<tool>` for the user. Server names may hold `_`, so the longest of the
 * user's server names that prefixes the name wins. Unknown names are 404.
 */
export async function callMcpTool(db: Db, userId: string, name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolOutcome> {
  const rows = await db.mcpServer.findMany({ where: { userId } });
  const row = rows
    .filter((r) => name.startsWith(`mcp_${r.name}_`))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!row) throw new AppError("NOT_FOUND", `No MCP server of yours provides the tool ${name}`);
  return callRemoteTool(row, name.slice(`mcp_${row.name}_`.length), args, signal);
}
