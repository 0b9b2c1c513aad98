import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { DbTx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { atLeast, type GrantLevel } from "@/features/permissions/catalog";
import { grantedLevel } from "@/features/permissions/service/check";

/** What a caller needs of a workflow: view (read, export, runs) < use (execute) < edit (save, rollback); delete is the owner's. */
export type WorkflowNeed = GrantLevel | "owner";
export type WorkflowAccess = "owner" | GrantLevel;

/**
 * The workflow if the viewer may do `need` with it: its owner, an administrator, or a grant at that
 * level. Anyone else gets 404 (someone else's workflow looks exactly like a missing one); a grant too
 * low for the need is 403, naming the level it needs.
 */
export async function accessibleWorkflow(db: DbTx, viewer: Viewer, id: string, need: WorkflowNeed = "view") {
  const row = await db.workflow.findUnique({ where: { id } });
  if (!row) throw notFound("Workflow");
  const access = await accessOf(db, viewer, row.ownerId, id);
  if (!access) throw notFound("Workflow");
  if (access === "owner" || access === "admin") {
    if (need === "owner" && access !== "owner" && viewer.role !== "admin") throw forbiddenFor(access, need);
    return { row, access };
  }
  if (need === "owner" || !atLeast(access, need)) throw forbiddenFor(access, need);
  return { row, access };
}

/** owner; `admin` for administrators; the grant level; or null (no access). */
export async function accessOf(db: DbTx, viewer: Viewer, ownerId: string, id: string): Promise<WorkflowAccess | null> {
  if (ownerId === viewer.userId) return "owner";
  if (viewer.role === "admin") return "admin";
  return ((await grantedLevel(db, viewer, "workflow", id)) as GrantLevel | null) ?? null;
}

function forbiddenFor(held: string, need: WorkflowNeed) {
  return new AppError("FORBIDDEN", `This workflow is shared with you at the ${held} level; this needs ${need === "owner" ? "its owner" : `the ${need} level`}`);
}
