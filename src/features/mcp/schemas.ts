import { z } from "zod";

/** Bounds of what a user may configure; each drives work (processes, connections, bytes). */
export const MCP_LIMITS = {
  serversPerUser: 20,
  args: 32,
  argChars: 1000,
  credentials: 32,
  credentialChars: 8000,
  commandChars: 500,
  urlChars: 2000,
} as const;

/** Server names become the middle of tool names (`mcp_<name>_<tool>`): keep them to what tool names allow. */
export const serverName = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Use letters, digits, - and _ (starting with a letter or digit)")
  .describe("Unique among your servers; its tools are named mcp_<name>_<tool>");

const envName = z.string().min(1).max(200).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Not a valid environment variable name");
const headerName = z.string().min(1).max(200).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid header name");
const secretValue = z.string().max(MCP_LIMITS.credentialChars);
const boundedRecord = <K extends z.ZodString>(key: K) =>
  z.record(key, secretValue).refine((r) => Object.keys(r).length <= MCP_LIMITS.credentials, `At most ${MCP_LIMITS.credentials} entries`);

const command = z.string().trim().min(1).max(MCP_LIMITS.commandChars).describe("The program to run (no shell: pipes, quotes and variables are not interpreted)");
const args = z.array(z.string().max(MCP_LIMITS.argChars)).max(MCP_LIMITS.args);
const url = z
  .url({ protocol: /^https?$/, message: "Not an http(s) URL" })
  .max(MCP_LIMITS.urlChars)
  .describe("The server's Streamable HTTP endpoint");
const env = boundedRecord(envName).describe("Environment values for the process (stored encrypted, never returned)");
const headers = boundedRecord(headerName).describe("Request headers, e.g. Authorization (stored encrypted, never returned)");

/** Seed 000's nested transport: `{"type": "stdio", "command": ...}` or `{"type": "http", "url": ...}`. */
const transportObject = z.discriminatedUnion("type", [
  z.object({ type: z.literal("stdio"), command, args: args.optional(), env: env.optional() }),
  z.object({ type: z.enum(["http", "streamable_http", "streamable-http"]), url, headers: headers.optional() }),
]);

/** A raw configuration: seed 000 shows both `transport: "stdio"` with flat fields and a nested transport object. */
export const rawServerBody = z.object({
  name: serverName,
  transport: z.union([z.enum(["stdio", "http"]), transportObject]),
  command: command.optional(),
  args: args.optional(),
  url: url.optional(),
  env: env.optional(),
  headers: headers.optional(),
  enabled: z.boolean().optional(),
});

export const installBody = z.object({
  template_id: z.string().trim().min(1).max(100).describe("A catalog entry's id (GET /api/mcp/catalog)"),
  credentials: boundedRecord(z.string().min(1).max(200)).optional().describe("The values the entry's `credentials` list asks for"),
  name: serverName.optional().describe("Defaults to the template id"),
  args: args.optional().describe("Appended to the entry's arguments (its `extra_args`: a folder, a repository path)"),
  url: url.optional().describe("For HTTP entries: the address of your instance"),
});

export const serverBody = z.union([installBody, rawServerBody]);
export type ServerBody = z.infer<typeof serverBody>;
export type RawServerBody = z.infer<typeof rawServerBody>;
export type InstallBody = z.infer<typeof installBody>;

/** `{id}`: the server's id or its name (seed 000 uses both). */
export const serverRef = z.object({ id: z.string().trim().min(1).max(100).describe("The server's id (UUID) or its name") });
export const catalogRef = z.object({ id: z.string().min(1).max(100) });

export const mcpTool = z.object({
  name: z.string().describe("mcp_<server>_<tool>: the name agents use"),
  tool: z.string().describe("The server's own name for the tool"),
  description: z.string(),
  input_schema: z.record(z.string(), z.unknown()),
});

export const mcpServer = z.object({
  id: z.uuid(),
  name: z.string(),
  transport: z.enum(["stdio", "http"]),
  command: z.string().nullable(),
  args: z.array(z.string()),
  url: z.string().nullable(),
  env_keys: z.array(z.string()).describe("Names of the stored environment values (the values are never returned)"),
  header_keys: z.array(z.string()).describe("Names of the stored headers (the values are never returned)"),
  template_id: z.string().nullable(),
  enabled: z.boolean(),
  connected: z.boolean().describe("This process holds a live connection to it"),
  tools: z.array(mcpTool).describe("The tools it listed at its last successful connection"),
  last_error: z.string().nullable(),
  latency_ms: z.number().int().nullable().describe("Round trip of the last connection or health check"),
  last_connected_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type McpServerDto = z.infer<typeof mcpServer>;

export const serverList = z.object({ servers: z.array(mcpServer), total: z.number().int() });

export const catalogCredential = z.object({ key: z.string(), label: z.string(), description: z.string(), required: z.boolean() });
export const catalogEntry = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  homepage: z.string(),
  transport: z.enum(["stdio", "http"]),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  url: z.string().optional(),
  credentials: z.array(catalogCredential),
  extra_args: z.object({ label: z.string(), description: z.string(), required: z.boolean() }).nullable(),
});
export const catalogList = z.object({ entries: z.array(catalogEntry), total: z.number().int() });

export const serverHealth = z.object({
  id: z.uuid(),
  name: z.string(),
  healthy: z.boolean(),
  latency_ms: z.number().int().nullable(),
  tools: z.number().int(),
  error: z.string().nullable(),
});
export const healthReport = z.object({
  status: z.enum(["healthy", "degraded", "unhealthy", "empty"]).describe("empty: no servers; degraded: some failed"),
  servers: z.array(serverHealth),
  total: z.number().int(),
  healthy: z.number().int(),
});

export const reloadReport = z.object({
  catalog_entries: z.number().int(),
  migrated: z.array(z.string()).describe("Your servers whose catalog entry changed, updated to it"),
  reconnected: z.number().int().describe("Connections closed; they reopen on next use"),
});
