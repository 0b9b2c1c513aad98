import "server-only";
import type { RouteDef } from "@/server/http/route-table";

/** Seed 004's workflows, templates, node templates, schedules, webhooks, batch, monitoring and execution logs. */
export const workflowRoutes: RouteDef[] = [];
