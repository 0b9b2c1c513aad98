import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { DbTx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { withModel } from "./dto";

/** The viewer's agent, or 404: someone else's agent looks exactly like a missing one. */
export async function ownAgent(db: DbTx, viewer: Viewer, id: string) {
  const agent = await db.agent.findFirst({ where: { id, ownerId: viewer.userId }, include: withModel });
  if (!agent) throw notFound("Agent");
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
