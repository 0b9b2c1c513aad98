import "server-only";
import type { Db } from "@/server/db/client";
import { atLeast, type GrantLevel } from "@/features/permissions/catalog";

/**
 * The Atrium agents the person may put in their mesh (the "register an Atrium agent" form): their
 * own, and those shared with them at `use` or above, which is what registering checks.
 */
export async function ownAtriumAgents(db: Db, userId: string) {
  const grants = await db.resourceGrant.findMany({ where: { userId, resourceType: "agent" }, select: { resourceId: true, level: true }, take: 500 });
  const shared = grants.filter((g) => atLeast(g.level as GrantLevel, "use")).map((g) => g.resourceId);
  const agents = await db.agent.findMany({
    where: { OR: [{ ownerId: userId }, ...(shared.length ? [{ id: { in: shared } }] : [])] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, ownerId: true },
    take: 200,
  });
  return agents.map((a) => ({ id: a.id, name: a.name, shared: a.ownerId !== userId }));
}
