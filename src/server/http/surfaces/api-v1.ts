import "server-only";
import { identityRoutes } from "@/features/identity/rest";
import { infraRoutes } from "@/features/infra/rest";
import type { Surface } from "../route-table";

/** Seeds 003 and 004 share this prefix; each domain contributes its entries. */
export const apiV1: Surface = {
  prefix: "/api/v1",
  title: "Atrium API v1",
  routes: [...infraRoutes, ...identityRoutes],
};
