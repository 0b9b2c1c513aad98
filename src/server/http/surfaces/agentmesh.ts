import "server-only";
import { modelGatewayRoutes } from "@/features/gateway/rest";
import { meshRoutes } from "@/features/mesh/rest";
import { agentmeshErrorFormat } from "../error-formats";
import type { Surface } from "../route-table";

/**
 * Seed 001's root surface (agentmesh): `/health`, `/model-gateway/*`, `/agents`, `/tasks`, `/spaces`,
 * `/events`, `/broadcast`, `/ws-info`, with its `{"error":{"code","message"}}` body.
 */
export const agentmesh: Surface = {
  prefix: "",
  title: "agentmesh (seed 001)",
  routes: [...modelGatewayRoutes, ...meshRoutes],
  errors: agentmeshErrorFormat,
};

/** First path segments that are also browser pages: the API takes them only from API clients (wantsApi). */
export const SHARED_WITH_PAGES = new Set(["/agents", "/tasks", "/spaces"]);
