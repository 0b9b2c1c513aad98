import "server-only";
import type { Surface } from "../route-table";
import { agentmesh } from "./agentmesh";
import { apiUnversioned } from "./api-unversioned";
import { apiV1 } from "./api-v1";
import { openAiV1 } from "./openai-v1";

/** Every REST route table: the OpenAPI document and the fuzz test cover exactly these. */
export const restSurfaces: Surface[] = [apiV1, apiUnversioned, openAiV1, agentmesh];
