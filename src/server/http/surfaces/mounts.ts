import "server-only";
import { getDb } from "../../db";
import type { Db } from "../../db/client";
import { createSurfaceHandler } from "../adapter";
import type { Mount } from "./mount-finder";
import { apiV1 } from "./api-v1";
import { apiUnversioned, claimedPrefixes } from "./api-unversioned";
import { JsonReply } from "../json-reply";
import { openApiJson } from "./openapi-document";
import { openAiV1 } from "./openai-v1";
import { agentmesh, SHARED_WITH_PAGES } from "./agentmesh";
import { wantsApi } from "./mount-finder";
import { mcpEndpoint } from "@/features/mcp-server/endpoint";
import { a2aJsonRpcEndpoint, agentCardEndpoint } from "@/features/a2a-server/endpoint";
import { a2aLegacy } from "./a2a-legacy";
import { agentGatewaySurface } from "./agent-gateway";

/**
 * The API surfaces server.ts answers itself, without Next's router: a path prefix and the fetch-style
 * handler behind it. A path belongs to a mount when it equals the prefix or continues it with "/".
 * New surfaces are one line here, plus their Next route file for `next dev`
 * and other hosts (the portable mount: src/app/api/v1/[[...path]]/route.ts and its siblings).
 */
export function apiMounts(db: () => Db = getDb): Mount[] {
  const unversioned = createSurfaceHandler(apiUnversioned, db).reply;
  const mesh = createSurfaceHandler(agentmesh, db).reply;
  const agentGateway = createSurfaceHandler(agentGatewaySurface, db).reply;
  const cards = agentCardEndpoint(db);
  return [
    { prefix: "/v1", handle: createSurfaceHandler(openAiV1, db).reply },
    // Seed 001 at the root; `/agents`, `/tasks` and `/spaces` are pages too, so only API clients get the API.
    ...claimedPrefixes(agentmesh).map((prefix) => ({ prefix, handle: mesh, ...(SHARED_WITH_PAGES.has(prefix) ? { accepts: wantsApi } : {}) })),
    { prefix: "/mcp", handle: mcpEndpoint(db) },
    // A2A: protocol 1.0 over JSON-RPC, its cards, and seed 000's older REST-like surface beside them.
    { prefix: "/a2a/jsonrpc", handle: a2aJsonRpcEndpoint(db) },
    { prefix: "/a2a", handle: createSurfaceHandler(a2aLegacy, db).reply },
    { prefix: "/.well-known/agent-card.json", handle: cards },
    { prefix: "/.well-known/agent.json", handle: cards },
    // Seed 002 under `/gateway/<segment>` only: `/gateway` itself is the Model gateway page.
    ...claimedPrefixes(agentGatewaySurface).map((prefix) => ({ prefix, handle: agentGateway })),
    { prefix: "/api/v1", handle: createSurfaceHandler(apiV1, db).reply },
    ...claimedPrefixes(apiUnversioned).map((prefix) => ({ prefix, handle: unversioned })),
    // The cached JSON text, written in one piece (a JsonReply: no web stream around its ~175 KB).
    { prefix: "/api/openapi.json", handle: async (request) => (["GET", "HEAD"].includes(request.method) ? new JsonReply(200, openApiJson()) : methodNotAllowed()) },
  ];
}

const methodNotAllowed = () => new Response(null, { status: 405, headers: { Allow: "GET, HEAD" } });

