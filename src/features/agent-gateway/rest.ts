import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 002's agent gateway at `/gateway/*`: register, heartbeat, unregister, agents, status, send, health. */
export const agentGatewayRoutes: RouteDef[] = [];
