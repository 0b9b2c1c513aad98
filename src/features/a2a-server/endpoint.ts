import "server-only";
import type { Db } from "@/server/db/client";
import type { FetchHandler } from "@/server/http/node-bridge";

const notYet = () => new Response(JSON.stringify({ jsonrpc: "2.0", error: { code: -32004, message: "A2A is not available yet" }, id: null }), { status: 200, headers: { "content-type": "application/json" } });

/** `POST /a2a/jsonrpc`: the A2A protocol 1.0 JSON-RPC binding (`@a2a-js/sdk/server`). */
export function a2aJsonRpcEndpoint(_db: () => Db): FetchHandler {
  return async () => notYet();
}

/** `GET /.well-known/agent-card.json` (protocol 1.0) and `/.well-known/agent.json` (seed 000's older card). */
export function agentCardEndpoint(_db: () => Db): FetchHandler {
  return async () => new Response(null, { status: 404 });
}
