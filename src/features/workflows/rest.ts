import "server-only";
import type { RouteDef } from "@/server/http/route-table";
import { workflowExtraRoutes } from "./routes/extras";
import { workflowObserveRoutes } from "./routes/observe";
import { workflowModuleRoutes } from "./routes/workflows";

/** Seed 004's workflows, templates, node templates, nodes, schedules, webhooks, batch, execution logs, monitoring and collaboration. */
export const workflowRoutes: RouteDef[] = [...workflowModuleRoutes, ...workflowExtraRoutes, ...workflowObserveRoutes];
