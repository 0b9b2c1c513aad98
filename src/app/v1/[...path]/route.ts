import { openAiV1 } from "@/server/http/surfaces/openai-v1";
import { nextHandlers } from "@/server/http/surfaces/next-handlers";

/** `/v1/*` under `next dev` (production's server.ts mounts the surface itself, without Next). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD } = nextHandlers(openAiV1);
export const dynamic = "force-dynamic";
