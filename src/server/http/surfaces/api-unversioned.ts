import "server-only";
import { approvalRoutes } from "@/features/approvals/rest";
import { auditUnversionedRoutes } from "@/features/audit/rest";
import { mcpRoutes } from "@/features/mcp/rest";
import { a2aClientRoutes } from "@/features/a2a/rest";
import { commsRoutes } from "@/features/comms/rest";
import { networkRoutes } from "@/features/network/rest";
import type { Surface } from "../route-table";

/**
 * Seed 000's surface: `/api/...` without a version (approvals, audit, security, logs; later MCP, A2A,
 * comms, channels, webhooks). RFC 7807 problems like /api/v1. Each domain contributes its entries;
 * server.ts claims only the first path segments these routes use (`/api/approvals`, `/api/audit`, ...),
 * so `/api/v1`, `/api/trpc`, `/api/auth` and `/api/docs` keep their own handlers.
 */
export const apiUnversioned: Surface = {
  prefix: "/api",
  title: "Atrium API (unversioned, seed 000)",
  routes: [...auditUnversionedRoutes, ...approvalRoutes, ...mcpRoutes, ...a2aClientRoutes, ...commsRoutes, ...networkRoutes],
};

/** `/api/<segment>` for every first path segment of the surface's routes, each once. */
export function claimedPrefixes(surface: Surface): string[] {
  return [...new Set(surface.routes.map((r) => r.path.split("/")[1]).filter(Boolean))].map((segment) => `${surface.prefix}/${segment}`);
}
