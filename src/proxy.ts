import { NextResponse, type NextRequest } from "next/server";
import { wantsApi } from "@/server/http/surfaces/mount-finder";

/**
 * Seed 001's root paths under `next dev` (production's server.ts routes them before Next, see
 * src/server/http/surfaces/mounts.ts): `/agents`, `/tasks` and `/spaces` are pages for browsers and
 * the agentmesh API for API clients (an Authorization header, or Accept JSON / event-stream without
 * text/html); `/health`, `/events`, `/broadcast`, `/ws-info` and `/model-gateway` are API only. API requests
 * are rewritten to the surface's route handler (src/app/api/agentmesh/[...path]).
 */
const SHARED_WITH_PAGES = /^\/(agents|tasks|spaces)(\/|$)/;

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (SHARED_WITH_PAGES.test(pathname) && !wantsApi((name) => request.headers.get(name) ?? undefined)) return NextResponse.next();
  const target = request.nextUrl.clone();
  target.pathname = `/api/agentmesh${pathname}`;
  return NextResponse.rewrite(target);
}

export const config = {
  matcher: ["/health", "/agents", "/agents/:path*", "/tasks", "/tasks/:path*", "/spaces", "/spaces/:path*", "/events", "/broadcast", "/ws-info", "/model-gateway/:path*"],
};
