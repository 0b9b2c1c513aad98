import { getDb } from "@/server/db";
import { createSurfaceHandler } from "@/server/http/adapter";
import { agentmesh } from "@/server/http/surfaces/agentmesh";

export const dynamic = "force-dynamic";

/**
 * Seed 001's root surface for `next dev` and other hosts: src/proxy.ts rewrites API requests of
 * `/agents`, `/tasks`, `/spaces`, `/events`, ... here (production's server.ts answers them itself,
 * see surfaces/mounts.ts). The surface sees the path the client asked for, without this prefix.
 */
const handle = createSurfaceHandler(agentmesh, getDb);

async function forward(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const url = new URL(request.url);
  url.pathname = `/${path.map(encodeURIComponent).join("/")}`;
  const hasBody = !["GET", "HEAD"].includes(request.method);
  return handle(new Request(url, { method: request.method, headers: request.headers, body: hasBody ? request.body : undefined, signal: request.signal, ...(hasBody ? { duplex: "half" } : {}) } as RequestInit));
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE, forward as OPTIONS, forward as HEAD };
