import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 000's MCP management routes on the unversioned surface: `/api/mcp/servers`, catalog, health, reload. */
export const mcpRoutes: RouteDef[] = [];
