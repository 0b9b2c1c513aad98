import "server-only";
import type { McpServer as McpServerRow } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { AppError, conflict, notFound } from "@/server/errors";
import type { InstallBody, McpServerDto, RawServerBody, ServerBody } from "../schemas";
import { MCP_LIMITS } from "../schemas";
import { catalogEntryById } from "./catalog";
import { disconnect, isConnected } from "./connections";
import { sealCredentials } from "./credentials";
import { qualifiedToolName, refreshTools, storedTools } from "./remote-tools";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who may add servers that run a command on Atrium's host: an MCP server over stdio is a program
 * with the server's file system and network. MCP_STDIO_USERS=admins (default), everyone or none.
 */
export function mayRunCommands(role: "user" | "admin") {
  const policy = process.env.MCP_STDIO_USERS ?? "admins";
  return policy === "everyone" || (policy === "admins" && role === "admin");
}

export function toServerDto(row: McpServerRow): McpServerDto {
  return {
    id: row.id,
    name: row.name,
    transport: row.transport === "http" ? "http" : "stdio",
    command: row.command,
    args: row.args,
    url: row.url,
    env_keys: row.envKeys,
    header_keys: row.headerKeys,
    template_id: row.templateId,
    enabled: row.enabled,
    connected: isConnected(row.id),
    tools: storedTools(row).map((t) => ({ name: qualifiedToolName(row.name, t.tool), tool: t.tool, description: t.description, input_schema: t.inputSchema })),
    last_error: row.lastError,
    latency_ms: row.lastLatencyMs,
    last_connected_at: row.lastConnectedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The caller's server by id or by name; anyone else's is 404, like a missing one. */
export async function ownServer({ db, viewer }: AuthedContext, ref: string) {
  const row = await db.mcpServer.findFirst({ where: UUID.test(ref) ? { id: ref, userId: viewer.userId } : { name: ref, userId: viewer.userId } });
  if (!row) throw notFound("MCP server");
  return row;
}

interface Config {
  name: string;
  transport: "stdio" | "http";
  command: string | null;
  args: string[];
  url: string | null;
  env?: Record<string, string>;
  headers?: Record<string, string>;
  templateId: string | null;
  enabled?: boolean;
}

const invalid = (path: string, message: string) => new AppError("VALIDATION_ERROR", `Invalid body: ${path}: ${message}`, { issues: [{ path, message }] });

/** Seed 000's two raw shapes (flat fields, or a nested transport object) as one configuration. */
function fromRaw(body: RawServerBody): Config {
  const nested = typeof body.transport === "object" ? body.transport : null;
  const kind = nested ? (nested.type === "stdio" ? "stdio" : "http") : (body.transport as "stdio" | "http");
  if (kind === "stdio") {
    const command = (nested?.type === "stdio" ? nested.command : undefined) ?? body.command;
    if (!command) throw invalid("command", "A stdio server needs a command");
    return { name: body.name, transport: "stdio", command, args: (nested?.type === "stdio" ? nested.args : undefined) ?? body.args ?? [], url: null, env: (nested?.type === "stdio" ? nested.env : undefined) ?? body.env, templateId: null, enabled: body.enabled };
  }
  const url = (nested && nested.type !== "stdio" ? nested.url : undefined) ?? body.url;
  if (!url) throw invalid("url", "An HTTP server needs a url");
  return { name: body.name, transport: "http", command: null, args: [], url, headers: (nested && nested.type !== "stdio" ? nested.headers : undefined) ?? body.headers, templateId: null, enabled: body.enabled };
}

/** A catalog entry with the installer's credentials (all required ones present) and extra arguments. */
function fromTemplate(body: InstallBody): Config {
  let entry;
  try {
    entry = catalogEntryById(body.template_id);
  } catch {
    throw invalid("template_id", `No catalog entry "${body.template_id}" (GET /api/mcp/catalog lists them)`);
  }
  const credentials = body.credentials ?? {};
  const missing = entry.credentials.filter((c) => c.required && !credentials[c.key]?.trim());
  if (missing.length) {
    throw new AppError("VALIDATION_ERROR", `Invalid body: credentials: "${entry.id}" needs ${missing.map((c) => c.key).join(", ")}`, {
      issues: missing.map((c) => ({ path: `credentials.${c.key}`, message: `Required: ${c.label}` })),
    });
  }
  const known = new Set(entry.credentials.map((c) => c.key));
  const unknown = Object.keys(credentials).filter((k) => !known.has(k));
  if (unknown.length) throw invalid("credentials", `"${entry.id}" takes no ${unknown.join(", ")} (it takes: ${[...known].join(", ") || "nothing"})`);
  if (entry.extra_args?.required && !body.args?.length) throw invalid("args", `Required: ${entry.extra_args.label}`);
  if ((entry.args?.length ?? 0) + (body.args?.length ?? 0) > MCP_LIMITS.args) throw invalid("args", `At most ${MCP_LIMITS.args} arguments in all`);
  const name = body.name ?? entry.id.replace(/[^A-Za-z0-9_-]/g, "-");
  if (entry.transport === "stdio") {
    return { name, transport: "stdio", command: entry.command ?? null, args: [...(entry.args ?? []), ...(body.args ?? [])], url: null, env: credentials, templateId: entry.id };
  }
  return { name, transport: "http", command: null, args: [], url: body.url ?? entry.url ?? null, headers: credentials, templateId: entry.id };
}

const toConfig = (body: ServerBody) => ("template_id" in body ? fromTemplate(body as InstallBody) : fromRaw(body as RawServerBody));

function assertMayUse({ viewer }: AuthedContext, config: Config) {
  if (config.transport === "stdio" && !mayRunCommands(viewer.role)) {
    throw new AppError("FORBIDDEN", "Only administrators may add MCP servers that run a command on Atrium's host (stdio); add one by URL instead");
  }
}

function columns(ctx: AuthedContext, config: Config) {
  const env = config.env !== undefined ? sealCredentials(ctx.viewer.userId, "env", config.env) : undefined;
  const headers = config.headers !== undefined ? sealCredentials(ctx.viewer.userId, "headers", config.headers) : undefined;
  return {
    name: config.name,
    transport: config.transport,
    command: config.command,
    args: config.args,
    url: config.url,
    templateId: config.templateId,
    ...(config.enabled !== undefined ? { enabled: config.enabled } : {}),
    ...(env ? { envEnc: env.enc, envKeys: env.keys } : {}),
    ...(headers ? { headersEnc: headers.enc, headerKeys: headers.keys } : {}),
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";
const nameTaken = (name: string) => conflict(`You already have an MCP server named "${name}"`);

export async function listServers({ db, viewer }: AuthedContext) {
  const rows = await db.mcpServer.findMany({ where: { userId: viewer.userId }, orderBy: [{ name: "asc" }] });
  return { servers: rows.map(toServerDto), total: rows.length };
}

export async function getServer(ctx: AuthedContext, ref: string) {
  return toServerDto(await ownServer(ctx, ref));
}

/** Stores the configuration; the server is started on first use, /reconnect or /health. */
export async function createServer(ctx: AuthedContext, body: ServerBody) {
  const config = toConfig(body);
  assertMayUse(ctx, config);
  const count = await ctx.db.mcpServer.count({ where: { userId: ctx.viewer.userId } });
  if (count >= MCP_LIMITS.serversPerUser) throw conflict(`You have ${count} MCP servers, the most one person may have; delete one first`);
  try {
    return toServerDto(await ctx.db.mcpServer.create({ data: { userId: ctx.viewer.userId, ...columns(ctx, { ...config, env: config.env ?? {}, headers: config.headers ?? {} }) } }));
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(config.name);
    throw error;
  }
}

/**
 * Replaces the configuration. Credentials left out (`env`, `headers`, a template's `credentials`)
 * keep their stored values, since they are never sent back to be resubmitted. The connection is
 * closed and the stored tool list cleared: they belong to the old configuration.
 */
export async function replaceServer(ctx: AuthedContext, ref: string, body: ServerBody) {
  const row = await ownServer(ctx, ref);
  const config = toConfig(body);
  if ("template_id" in body && !(body as InstallBody).credentials) {
    delete config.env;
    delete config.headers;
  }
  assertMayUse(ctx, config);
  await disconnect(row.id);
  try {
    const updated = await ctx.db.mcpServer.update({ where: { id: row.id }, data: { ...columns(ctx, config), tools: [], lastError: null, lastConnectedAt: null, lastLatencyMs: null } });
    return toServerDto(updated);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(config.name);
    throw error;
  }
}

export async function deleteServer(ctx: AuthedContext, ref: string) {
  const row = await ownServer(ctx, ref);
  await disconnect(row.id);
  await ctx.db.mcpServer.delete({ where: { id: row.id } });
}

/** Closes the connection, opens a new one and lists the tools again (502/504 when it fails, recorded). */
export async function reconnectServer(ctx: AuthedContext, ref: string) {
  const row = await ownServer(ctx, ref);
  if (!row.enabled) throw conflict(`The MCP server "${row.name}" is disabled; enable it first`);
  await disconnect(row.id);
  return toServerDto(await refreshTools(ctx.db, row));
}
