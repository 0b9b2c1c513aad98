import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 004's executions: start, status, pause, resume, cancel, and a run's live events (SSE). */
export const executionRoutes: RouteDef[] = [];
