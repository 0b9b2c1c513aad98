import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 003's Agent Runtime (`/agent/runs`, resume, events, history) and the single-request AG-UI endpoint, on /api/v1. */
export const agentRuntimeRoutes: RouteDef[] = [];
