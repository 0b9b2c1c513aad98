import "server-only";
import { agentRuntimeRoutes } from "@/features/agui/rest";
import { agentRoutes } from "@/features/agents/rest";
import { auditV1Routes } from "@/features/audit/rest";
import { approvalV1Routes } from "@/features/approvals/rest";
import { calendarRoutes } from "@/features/calendar/rest";
import { agentRunRoutes, chatRoutes } from "@/features/chat/rest";
import { identityRoutes } from "@/features/identity/rest";
import { notificationRoutes } from "@/features/notifications/rest";
import { socialRoutes } from "@/features/social/rest";
import { infraRoutes } from "@/features/infra/rest";
import { modelRoutes } from "@/features/models/rest";
import { permissionRoutes } from "@/features/permissions/rest";
import { workflowRoutes } from "@/features/workflows/rest";
import { executionRoutes } from "@/features/workflows/runs/rest";
import type { Surface } from "../route-table";

/** Seeds 003 and 004 share this prefix; each domain contributes its entries. */
export const apiV1: Surface = {
  prefix: "/api/v1",
  title: "Atrium API v1",
  routes: [...infraRoutes, ...identityRoutes, ...socialRoutes, ...calendarRoutes, ...notificationRoutes, ...modelRoutes, ...agentRoutes, ...agentRunRoutes, ...chatRoutes, ...auditV1Routes, ...permissionRoutes, ...approvalV1Routes, ...workflowRoutes, ...executionRoutes, ...agentRuntimeRoutes],
};
