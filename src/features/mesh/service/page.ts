import "server-only";
import type { Db } from "@/server/db/client";

/** The caller's own Atrium agents, offered by the mesh page's "register an Atrium agent" form. */
export async function ownAtriumAgents(db: Db, userId: string) {
  return db.agent.findMany({ where: { ownerId: userId }, orderBy: { name: "asc" }, select: { id: true, name: true }, take: 200 });
}
