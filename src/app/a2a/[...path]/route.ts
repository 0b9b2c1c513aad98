import { getDb } from "@/server/db";
import { createSurfaceHandler } from "@/server/http/adapter";
import { a2aLegacy } from "@/server/http/surfaces/a2a-legacy";
import { a2aJsonRpcEndpoint, agentCardEndpoint } from "@/features/a2a-server/endpoint";

export const dynamic = "force-dynamic";

/**
 * `/a2a/*` for `next dev` and other hosts (production's server.ts answers these itself, see
 * surfaces/mounts.ts): `/a2a/jsonrpc` is the protocol 1.0 JSON-RPC endpoint, `/a2a/well-known/*` the
 * cards (next.config.mjs rewrites `/.well-known/agent-card.json` and `/.well-known/agent.json` here,
 * since Next skips dot-folders in app/), everything else seed 000's older surface.
 */
const jsonRpc = a2aJsonRpcEndpoint(getDb);
const cards = agentCardEndpoint(getDb);
const legacy = createSurfaceHandler(a2aLegacy, getDb);

async function handle(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const [first] = (await params).path;
  if (first === "jsonrpc") return (await jsonRpc(request)) as Response;
  if (first === "well-known") return (await cards(request)) as Response;
  return legacy(request);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE, handle as OPTIONS, handle as HEAD };
