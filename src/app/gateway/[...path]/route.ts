import { agentGatewaySurface } from "@/server/http/surfaces/agent-gateway";
import { nextHandlers } from "@/server/http/surfaces/next-handlers";
import { observeGatewayDeliveries } from "@/features/comms/service/observe";

/**
 * Seed 002's `/gateway/<segment>` under `next dev` (production's server.ts mounts the surface itself).
 * `/gateway` alone stays the Model gateway page: a catch-all needs at least one segment.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD } = nextHandlers(agentGatewaySurface);
export const dynamic = "force-dynamic";

// Deliveries become comms events even when this route is the first the dev server loads (server.ts's
// mounts load comms' routes, which register the same observer).
observeGatewayDeliveries();
