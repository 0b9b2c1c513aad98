import "server-only";
import { calendarRoutes } from "@/features/calendar/rest";
import { identityRoutes } from "@/features/identity/rest";
import { notificationRoutes } from "@/features/notifications/rest";
import { socialRoutes } from "@/features/social/rest";
import { infraRoutes } from "@/features/infra/rest";
import type { Surface } from "../route-table";

/** Seeds 003 and 004 share this prefix; each domain contributes its entries. */
export const apiV1: Surface = {
  prefix: "/api/v1",
  title: "Atrium API v1",
  routes: [...infraRoutes, ...identityRoutes, ...socialRoutes, ...calendarRoutes, ...notificationRoutes],
};
