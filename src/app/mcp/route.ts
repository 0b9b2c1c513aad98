import { getDb } from "@/server/db";
import { mcpEndpoint } from "@/features/mcp-server/endpoint";

/**
 * `/mcp` for `next dev` and other hosts (server.ts answers it itself in production, from the same
 * handler): Atrium's MCP server over Streamable HTTP.
 */
export const dynamic = "force-dynamic";
const handle = mcpEndpoint(getDb);
const reply = async (request: Request) => handle(request) as Promise<Response>;
export const GET = reply;
export const POST = reply;
export const DELETE = reply;
