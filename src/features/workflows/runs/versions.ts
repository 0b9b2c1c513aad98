import "server-only";
import type { DbTx } from "@/server/db/client";

/**
 * The graph of one version of a workflow: its saved version row, or (for the newest version of a
 * workflow whose versions are not written yet) the workflow's own definition. Null when neither.
 */
export async function versionDefinition(db: DbTx, workflowId: string, version: number): Promise<unknown> {
  const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version } }, select: { definition: true } });
  if (row) return row.definition;
  const workflow = await db.workflow.findUnique({ where: { id: workflowId }, select: { version: true, definition: true } });
  return workflow && workflow.version === version ? workflow.definition : null;
}
