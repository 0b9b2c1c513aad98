import "server-only";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import { snapshot as snapshotSchema, type Snapshot } from "../schemas";
import { requirePermission } from "@/features/permissions/service/check";
import { ownAgent } from "./access";
import { saveVersion } from "./agents";
import { toAgentDto } from "./dto";

const MAX_VERSIONS_LISTED = 200;

/** GET /agents/{id}/versions: newest first, each with the whole configuration it saved. */
export async function listVersions({ db, viewer }: AuthedContext, id: string) {
  await ownAgent(db, viewer, id, "view");
  const rows = await db.agentVersion.findMany({ where: { agentId: id }, orderBy: { version: "desc" }, take: MAX_VERSIONS_LISTED });
  return rows.map((v) => ({ version: v.version, reason: v.reason, created_at: v.createdAt.toISOString(), snapshot: snapshotSchema.parse(v.snapshot) }));
}

/**
 * POST /agents/{id}/versions/{v}/rollback: a new version equal to version v (history is never
 * rewritten). A model config deleted since then falls back to the model named inline, if any.
 */
export async function rollback({ db, viewer }: AuthedContext, id: string, version: number) {
  await requirePermission(db, viewer, "agents:update");
  const updated = await db.$transaction(async (tx) => {
    const current = await ownAgent(tx, viewer, id);
    const target = await tx.agentVersion.findUnique({ where: { agentId_version: { agentId: id, version } } });
    if (!target) throw notFound(`Version ${version} of this agent`);
    const saved: Snapshot = snapshotSchema.parse(target.snapshot);
    const configId = saved.model_config?.model_config_id;
    if (configId && !(await tx.modelConfig.findFirst({ where: { id: configId, userId: viewer.userId }, select: { id: true } }))) {
      const { model_config_id: _gone, ...rest } = saved.model_config!;
      saved.model_config = rest.provider ? rest : null;
    }
    return saveVersion(tx, id, current, saved, "rollback");
  });
  return toAgentDto(updated);
}
