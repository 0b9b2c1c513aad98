import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { DbTx } from "@/server/db/client";

/** Who a stored user id is to the permission checks (schedules and webhooks act for the workflow's owner). */
export async function viewerOfUser(db: DbTx, userId: string): Promise<Viewer | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
  return user ? { userId: user.id, role: user.role === "admin" ? "admin" : "user", via: "session" } : null;
}
