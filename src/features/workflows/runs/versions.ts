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

/** Saved versions never change: their compiled graphs are kept (the newest 200) so a resumed run reads none. */
const CACHE_SIZE = 200;
const globalForVersions = globalThis as unknown as { atriumWorkflowVersions?: Map<string, unknown> };
const cache = (globalForVersions.atriumWorkflowVersions ??= new Map<string, unknown>());

/** versionDefinition, from the cache when the version row was read before. */
export async function pinnedDefinition(db: DbTx, workflowId: string, version: number): Promise<unknown> {
  const key = `${workflowId}:${version}`;
  if (cache.has(key)) return cache.get(key);
  const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version } }, select: { definition: true } });
  if (!row) return versionDefinition(db, workflowId, version);
  cache.set(key, row.definition);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return row.definition;
}
