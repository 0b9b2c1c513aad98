export const dynamic = "force-dynamic";

/**
 * Seed 001's GET /health as an anonymous caller gets it (no agents listed). Requests never reach it
 * in production (server.ts mounts the agentmesh surface at /health) nor under `next dev` (src/proxy.ts
 * rewrites /health to that surface, so a caller with credentials gets their agent overview); it
 * stays for in-process probes and hosts that run neither.
 */
export function GET() {
  return Response.json({ status: "ok", timestamp: Date.now(), agents: [] });
}
