import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 001's agentmesh routes: `/health`, `/agents`, `/tasks`, `/spaces`, `/events`, `/broadcast`, `/ws-info`. */
export const meshRoutes: RouteDef[] = [];
