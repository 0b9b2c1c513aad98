import "server-only";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { authenticate } from "@/server/auth/authenticate";
import type { Db } from "@/server/db/client";
import type { FetchHandler } from "@/server/http/node-bridge";
import { log } from "@/server/log";
import { registerAgentTools, registerBuiltinTools } from "./tools";

/** A JSON-RPC request to /mcp is small; anything past this is answered 413 before it is parsed. */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;
const SERVER_INFO = { name: "atrium", version: "1.0.0" };

const rpcError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

/**
 * `POST /mcp`: Atrium's MCP server over Streamable HTTP, stateless (no session ids): every POST gets
 * its own `McpServer` and transport, so any process behind a load balancer can answer it. The
 * caller proves who they are with `Authorization: Bearer` (a personal API key `atr_…` or an access
 * token); a browser cookie alone is refused, so a page on another site cannot spend a signed-in
 * person's agents. The tools are Atrium's built-in tools and each deployed agent the key's user may use.
 * The transport itself answers the protocol's errors: 406 (Accept), 415 (Content-Type), 400 (JSON,
 * JSON-RPC, protocol version), 413 (body over MAX_MCP_BODY_BYTES).
 */
export function mcpEndpoint(db: () => Db): FetchHandler {
  return async (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    if (path !== "/mcp") return rpcError(404, -32000, "Not found: the MCP endpoint is POST /mcp");
    // Stateless: there is no server-to-client stream to GET and no session to DELETE.
    if (request.method !== "POST") return rpcError(405, -32000, "Method not allowed: send JSON-RPC with POST", { Allow: "POST" });
    const viewer = request.headers.has("authorization") ? await authenticate(db(), request) : null;
    if (!viewer) {
      return rpcError(401, -32001, "Unauthorized: send Authorization: Bearer <your Atrium API key>", { "WWW-Authenticate": 'Bearer realm="atrium-mcp"' });
    }
    try {
      const server = new McpServer(SERVER_INFO, { capabilities: { tools: {} } });
      registerBuiltinTools(server, db(), viewer);
      await registerAgentTools(server, db(), viewer, request.signal);
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
        maxRequestBodySize: MAX_MCP_BODY_BYTES,
      });
      await server.connect(transport);
      const response = await transport.handleRequest(request);
      // The answer is complete (JSON mode): neither object is used again.
      void server.close().catch(() => {});
      return response;
    } catch (error) {
      log.error("MCP request failed", { err: error });
      return rpcError(500, -32603, "Internal error");
    }
  };
}
