import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 000's A2A client routes on the unversioned surface: `/api/a2a/agents`, discover, send, task status. */
export const a2aClientRoutes: RouteDef[] = [];
