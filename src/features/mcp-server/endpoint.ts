import "server-only";
import type { Db } from "@/server/db/client";
import type { FetchHandler } from "@/server/http/node-bridge";

/** `POST /mcp`: Atrium's MCP server (Streamable HTTP, @modelcontextprotocol/sdk). */
export function mcpEndpoint(_db: () => Db): FetchHandler {
  return async () => new Response(null, { status: 404 });
}
