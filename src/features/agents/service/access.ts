import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { DbTx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { atLeast, type GrantLevel } from "@/features/permissions/catalog";
import { grantedLevel } from "@/features/permissions/service/check";
import { withModel } from "./dto";

/** What a caller needs of an agent: its owner, or a grant at a level (view < use < edit < admin). */
export type AgentNeed = GrantLevel | "owner";

/**
 * The viewer's agent, or one shared with them at `need` or above (403 when shared at a lower
 * level); else 404: someone else's agent looks exactly like a missing one. Grants come from the
 * permissions cache, so the owner's path costs the one query it always did.
 */
export async function ownAgent(db: DbTx, viewer: Viewer, id: string, need: AgentNeed = "edit") {
  const agent = await db.agent.findUnique({ where: { id }, include: withModel });
  if (!agent) throw notFound("Agent");
  if (agent.ownerId === viewer.userId) return agent;
  const held = await grantedLevel(db, viewer, "agent", id);
  if (!held) throw notFound("Agent");
  if (need === "owner" || !atLeast(held, need)) {
    throw new AppError("FORBIDDEN", `This agent is shared with you at the ${held} level; this needs ${need === "owner" ? "its owner" : `the ${need} level`}`);
  }
  return agent;
}

/** Deletion is for the owner or an administrator (seed 004). */
export async function deletableAgent(db: DbTx, viewer: Viewer, id: string) {
  const agent = await db.agent.findFirst({ where: viewer.role === "admin" ? { id } : { id, ownerId: viewer.userId } });
  if (!agent) throw notFound("Agent");
  return agent;
}

/** A model config named by an agent must be the owner's own; reported against the field. */
export async function assertOwnConfig(db: DbTx, userId: string, configId: string | undefined, path = "model_config.model_config_id") {
  if (!configId) return;
  const found = await db.modelConfig.findFirst({ where: { id: configId, userId }, select: { id: true } });
  if (!found) {
    throw new AppError("VALIDATION_ERROR", `Invalid body: ${path}: no such model config of yours`, { issues: [{ path, message: "No such model config of yours" }] });
  }
}
