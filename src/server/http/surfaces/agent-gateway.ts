import "server-only";
import { agentGatewayRoutes } from "@/features/agent-gateway/rest";
import type { Surface } from "../route-table";

/**
 * Seed 002's agent gateway: `/gateway/register`, `/heartbeat`, `/unregister`, `/agents`,
 * `/status/{agent_id}`, `/send`, `/health`. `/gateway` itself is the Model gateway page, so server.ts
 * claims only the sub-paths these routes use (claimedPrefixes). Errors are RFC 7807 problems, whose
 * `detail` member is what 002's FastAPI-style clients read.
 */
export const agentGatewaySurface: Surface = {
  prefix: "/gateway",
  title: "Agent gateway (seed 002)",
  routes: agentGatewayRoutes,
};
