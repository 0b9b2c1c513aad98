import "server-only";
import type { McpServer as McpServerRow } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { connection, explain, mcpTimeouts } from "./connections";

/** Tools kept per server (the model sees each one's schema; hundreds would swamp its context). */
export const MAX_TOOLS_PER_SERVER = 200;
const MAX_DESCRIPTION_CHARS = 1000;
const MAX_SCHEMA_CHARS = 50_000;
/** A tool result's text is cut here before it reaches a model or a client. */
export const MAX_RESULT_CHARS = 100_000;

/** One tool as stored on the server's row: the server's own name, description and input JSON Schema. */
export interface StoredTool {
  tool: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** `mcp_<server>_<tool>`, seed 000's naming: what agents list in `include_tools`. */
export const qualifiedToolName = (server: string, tool: string) => `mcp_${server}_${tool}`;

export const storedTools = (row: Pick<McpServerRow, "tools">) => (Array.isArray(row.tools) ? (row.tools as unknown as StoredTool[]) : []);

function boundedSchema(schema: unknown): Record<string, unknown> {
  const text = JSON.stringify(schema ?? {});
  if (!schema || typeof schema !== "object" || text.length > MAX_SCHEMA_CHARS) return { type: "object" };
  return { ...(schema as Record<string, unknown>), type: "object" };
}

/**
 * Connects (or reuses the connection), lists the server's tools and records them with the round
 * trip's latency, so the agent designer and the list show them without starting the server again.
 * A failure is recorded on the row (last_error) and thrown as 502/504.
 */
export async function refreshTools(db: Db, row: McpServerRow) {
  const started = performance.now();
  try {
    const { client } = await connection(row);
    const tools: StoredTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: mcpTimeouts().listMs });
      for (const t of page.tools) {
        if (tools.length >= MAX_TOOLS_PER_SERVER) break;
        tools.push({ tool: t.name, description: (t.description ?? "").slice(0, MAX_DESCRIPTION_CHARS), inputSchema: boundedSchema(t.inputSchema) });
      }
      cursor = page.nextCursor;
    } while (cursor && tools.length < MAX_TOOLS_PER_SERVER);
    const latency = Math.round(performance.now() - started);
    return await db.mcpServer.update({
      where: { id: row.id },
      data: { tools: tools as object[], lastError: null, lastConnectedAt: new Date(), lastLatencyMs: latency, updatedAt: row.updatedAt },
    });
  } catch (error) {
    const failure = explain(row, error);
    await db.mcpServer.update({ where: { id: row.id }, data: { lastError: failure.detail, updatedAt: row.updatedAt } }).catch(() => {});
    throw failure;
  }
}

/** A ping through the (re)opened connection: healthy and its latency, or the reason it is not. */
export async function checkHealth(db: Db, row: McpServerRow) {
  const started = performance.now();
  try {
    const { client } = await connection(row);
    await client.ping({ timeout: mcpTimeouts().listMs });
    const latency = Math.round(performance.now() - started);
    await db.mcpServer.update({ where: { id: row.id }, data: { lastError: null, lastLatencyMs: latency, updatedAt: row.updatedAt } });
    return { healthy: true, latency_ms: latency, error: null };
  } catch (error) {
    const failure = explain(row, error);
    await db.mcpServer.update({ where: { id: row.id }, data: { lastError: failure.detail, updatedAt: row.updatedAt } }).catch(() => {});
    return { healthy: false, latency_ms: null, error: failure.detail };
  }
}

export interface ToolOutcome {
  isError: boolean;
  text: string;
  structured?: unknown;
}

/** Calls one tool of a server; the result as text a model can read (other content summarised). */
export async function callRemoteTool(row: McpServerRow, tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<ToolOutcome> {
  if (!row.enabled) throw new AppError("CONFLICT", `The MCP server "${row.name}" is disabled`);
  try {
    const { client } = await connection(row);
    const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: mcpTimeouts().callMs, signal });
    const parts = (Array.isArray(result.content) ? result.content : []) as { type: string; text?: string; uri?: string }[];
    let text = parts.map((p) => (p.type === "text" ? (p.text ?? "") : p.type === "resource_link" ? `[link: ${p.uri}]` : `[${p.type}]`)).join("\n");
    if (!text && result.structuredContent) text = JSON.stringify(result.structuredContent);
    if (text.length > MAX_RESULT_CHARS) text = `${text.slice(0, MAX_RESULT_CHARS)}… (truncated)`;
    return { isError: result.isError === true, text, structured: result.structuredContent };
  } catch (error) {
    if ((error as Error | null)?.name === "AbortError" && signal?.aborted) throw error;
    throw explain(row, error);
  }
}
