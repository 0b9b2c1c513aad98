import "server-only";
import { a2aLegacyRoutes } from "@/features/a2a-server/rest";
import type { Surface } from "../route-table";

/**
 * Seed 000's older A2A surface at `/a2a` without a version: `/a2a/agents`, `/a2a/tasks/send`,
 * `/a2a/tasks/{id}`, `/a2a/tasks/{id}/cancel`. The protocol 1.0 JSON-RPC binding lives beside it at
 * `/a2a/jsonrpc` (its own mount) and the cards under `/.well-known/`.
 */
export const a2aLegacy: Surface = {
  prefix: "/a2a",
  title: "A2A (seed 000's older surface)",
  routes: a2aLegacyRoutes,
};
