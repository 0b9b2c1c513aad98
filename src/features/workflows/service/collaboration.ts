import "server-only";
import type { AuthedContext } from "@/server/context";
import { requirePermission } from "@/features/permissions/service/check";
import { presentUsers } from "../ws/presence";
import { accessibleWorkflow } from "./access";

/** GET /collaboration/{id}/users: those with a live editor connection to the workflow. */
export async function collaboratorsOf(ctx: AuthedContext, workflowId: string) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  await accessibleWorkflow(ctx.db, ctx.viewer, workflowId, "view");
  const users = await presentUsers(workflowId);
  return { workflow_id: workflowId, users: users.map((u) => ({ user_id: u.user_id, name: u.name, since: u.since })) };
}
