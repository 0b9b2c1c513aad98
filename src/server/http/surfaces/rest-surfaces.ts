import "server-only";
import type { Surface } from "../route-table";
import { agentmesh } from "./agentmesh";
import { apiUnversioned } from "./api-unversioned";
import { apiV1 } from "./api-v1";
import { openAiV1 } from "./openai-v1";
import { a2aLegacy } from "./a2a-legacy";
import { agentGatewaySurface } from "./agent-gateway";

/** Every REST route table: the OpenAPI document and the fuzz test cover exactly these. */
export const restSurfaces: Surface[] = [apiV1, apiUnversioned, openAiV1, agentmesh, a2aLegacy, agentGatewaySurface];
