import "server-only";
import { openAiRoutes } from "@/features/gateway/rest";
import { openAiErrorFormat } from "../error-formats";
import type { Surface } from "../route-table";

/** The OpenAI-compatible model gateway (`/v1/*`), with OpenAI's error body. */
export const openAiV1: Surface = {
  prefix: "/v1",
  title: "OpenAI-compatible model gateway",
  routes: openAiRoutes,
  errors: openAiErrorFormat,
};
