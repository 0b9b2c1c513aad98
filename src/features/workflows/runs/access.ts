import "server-only";
import { readCache } from "@/server/db/read-cache";
import { atLeast, type GrantLevel } from "@/features/permissions/catalog";
import { grantedLevel } from "@/features/permissions/service/check";
import type { Viewer } from "@/server/auth/viewer";
import type { DbTx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";

/** Who a stored user id is to the permission checks (runs act for their user, also in a job). */
export async function viewerOf(db: DbTx, userId: string): Promise<Viewer | null> {
  return runViewers.get(userId, async () => {
    const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
    return user ? { userId: user.id, role: user.role === "admin" ? "admin" : "user", via: "session" } : null;
  });
}

/** Who a run runs as, one of the read caches (5 s; emptied by any write to `users` in this process): a burst of webhook runs reads its owner once. */
const runViewers = readCache<Viewer>({ name: "workflow-run-viewers", tables: ["users"], ttlMs: 5_000, maxEntries: 5_000 });

/**
 * The level at which the viewer holds a workflow: its owner and administrators hold everything, else
 * a grant (view < use < edit < admin), else null. A deleted workflow is held by nobody but admins.
 */
export async function workflowLevel(db: DbTx, viewer: Viewer, workflowId: string, ownerId: string | null): Promise<GrantLevel | "owner" | null> {
  if (ownerId !== null && ownerId === viewer.userId) return "owner";
  if (viewer.role === "admin") return "admin";
  return (await grantedLevel(db, viewer, "workflow", workflowId)) as GrantLevel | null;
}

export const holds = (level: GrantLevel | "owner" | null, need: GrantLevel) => level === "owner" || atLeast(level, need);

/** 404 without any access (someone else's workflow looks like a missing one); 403 when the grant is too low. */
export function requireLevel(level: GrantLevel | "owner" | null, need: GrantLevel, what = "Workflow") {
  if (level === null) throw notFound(what);
  if (!holds(level, need)) throw new AppError("FORBIDDEN", `This workflow is shared with you at the ${level} level; this needs the ${need} level`);
}
