import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 000's older A2A surface at `/a2a` (no version): `/a2a/agents`, `/a2a/tasks/send`, get, cancel. */
export const a2aLegacyRoutes: RouteDef[] = [];
