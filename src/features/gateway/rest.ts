import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** The OpenAI-compatible `/v1` routes (models, chat completions, responses, embeddings). */
export const openAiRoutes: RouteDef[] = [];

/** Seed 001's `/model-gateway/health` and `/model-gateway/quota` (served on the agentmesh surface). */
export const modelGatewayRoutes: RouteDef[] = [];
