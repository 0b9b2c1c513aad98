import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { catalog, catalogEntryById } from "./service/catalog";
import { healthOf, reloadCatalog } from "./service/health";
import { createServer, deleteServer, getServer, listServers, reconnectServer, replaceServer } from "./service/servers";

const TAGS = ["MCP"];
const BODY_NOTE =
  'Two shapes (seed 000): install from the catalog `{"template_id": "github", "credentials": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_..."}, "args": [...]}`, or a raw configuration `{"name": "my-local-mcp", "transport": {"type": "stdio", "command": "/path/to/server", "args": [], "env": {}}}` (also `"transport": "stdio"` with flat `command`/`args`, and `{"type": "http", "url", "headers"}`). Credentials are stored encrypted and never returned (only their names). Servers that run a command (stdio) are for administrators unless MCP_STDIO_USERS=everyone (403). At most 20 servers per person (409); names are unique per person (409).';

/** Seed 000's MCP management routes on the unversioned surface: `/api/mcp/servers`, catalog, health, reload. */
export const mcpRoutes = [
  route({
    method: "GET", path: "/mcp/servers", auth: "user", tags: TAGS,
    summary: "Your MCP servers with their connection state and tools (named mcp_<server>_<tool>)",
    description: "`tools` is what each server listed at its last successful connection; `connected` says whether this process holds a live connection now. Listing never starts a server.",
    status: 200, response: s.serverList,
    handler: (ctx) => listServers(ctx),
  }),
  route({
    method: "POST", path: "/mcp/servers", auth: "user", tags: TAGS,
    summary: "Add an MCP server: install a catalog entry by template_id, or a raw stdio/HTTP configuration",
    description: `${BODY_NOTE} The server is started on first use, on /reconnect or on /health.`,
    body: s.serverBody, status: 201, response: s.mcpServer, errors: [403, 409, 422],
    handler: (ctx, { body }) => createServer(ctx, body),
  }),
  route({
    method: "GET", path: "/mcp/servers/{id}", auth: "user", tags: TAGS,
    summary: "One of your MCP servers, by id or name",
    params: s.serverRef, status: 200, response: s.mcpServer, errors: [404],
    handler: (ctx, { params }) => getServer(ctx, params.id),
  }),
  route({
    method: "PUT", path: "/mcp/servers/{id}", auth: "user", tags: TAGS,
    summary: "Replace an MCP server's configuration (credentials left out keep their stored values)",
    description: `${BODY_NOTE} Its connection is closed and its tool list cleared until it connects again.`,
    params: s.serverRef, body: s.serverBody, status: 200, response: s.mcpServer, errors: [403, 404, 409, 422],
    handler: (ctx, { params, body }) => replaceServer(ctx, params.id, body),
  }),
  route({
    method: "DELETE", path: "/mcp/servers/{id}", auth: "user", tags: TAGS,
    summary: "Remove an MCP server (its process, if running, is stopped)",
    params: s.serverRef, status: 204, errors: [404],
    handler: async (ctx, { params }) => {
      await deleteServer(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/mcp/servers/{id}/reconnect", auth: "user", tags: TAGS,
    summary: "Reconnect: close the connection, connect again and list the tools (with the latency)",
    description: "502 when the server cannot be started or fails (the reason is in `detail` and kept as `last_error`), 504 when it does not answer within 30 s; 409 when the server is disabled.",
    params: s.serverRef, status: 200, response: s.mcpServer, errors: [404, 409, 502, 504],
    handler: (ctx, { params }) => reconnectServer(ctx, params.id),
  }),
  route({
    method: "GET", path: "/mcp/catalog", auth: "user", tags: TAGS,
    summary: "The catalog of installable MCP servers (a read-only snapshot) with the credentials each needs",
    status: 200, response: s.catalogList,
    handler: async () => ({ entries: [...catalog()], total: catalog().length }),
  }),
  route({
    method: "GET", path: "/mcp/catalog/{id}", auth: "user", tags: TAGS,
    summary: "One catalog entry",
    params: s.catalogRef, status: 200, response: s.catalogEntry, errors: [404],
    handler: async (_ctx, { params }) => catalogEntryById(params.id),
  }),
  route({
    method: "GET", path: "/mcp/health", auth: "user", tags: TAGS,
    summary: "Health of all your enabled MCP servers: each one pinged, with its latency or the reason it failed",
    description: "Servers are started if they are not running. `status` is healthy (all answered), degraded (some), unhealthy (none) or empty (no servers).",
    status: 200, response: s.healthReport,
    handler: (ctx) => healthOf(ctx),
  }),
  route({
    method: "POST", path: "/mcp/reload", auth: "user", tags: TAGS,
    summary: "Reload the catalog (and MCP_CATALOG_PATH) and reconnect your servers whose entry moved",
    status: 200, response: s.reloadReport,
    handler: (ctx) => reloadCatalog(ctx),
  }),
];
