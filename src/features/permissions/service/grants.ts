import "server-only";
import { recordAudit } from "@/features/audit/record";
import type { AuthedContext } from "@/server/context";
import type { DbTx } from "@/server/db/client";
import type { Viewer } from "@/server/auth/viewer";
import { AppError, forbidden, notFound } from "@/server/errors";
import { atLeast, type GrantLevel, type ResourceType } from "../catalog";
import type { GrantDto } from "../schemas";
import { grantedLevel, ownerOf } from "./check";

/**
 * Sharing one resource with one user at a level (view < use < edit < admin). Who may see and change
 * a resource's grants: its owner, administrators, and holders of an `admin` grant on it. A resource
 * the viewer cannot see at all is a 404, so ids do not leak. Knowledge bases have no table yet: only
 * administrators can share them until they do.
 */

const MAX_GRANTS_PER_RESOURCE = 500;

interface Resource {
  type: ResourceType;
  id: string;
}

async function resourceOwner(db: DbTx, r: Resource) {
  const ownerId = await ownerOf(db, r.type, r.id);
  if (r.type === "approvals" && !(await db.user.findUnique({ where: { id: r.id }, select: { id: true } }))) return null;
  return ownerId;
}

/** Throws unless the viewer may manage the resource's grants; returns its owner (null when unknown). */
async function managedResource(db: DbTx, viewer: Viewer, r: Resource) {
  const ownerId = await resourceOwner(db, r);
  if (viewer.role === "admin") {
    if (r.type === "agent" || r.type === "approvals") if (!ownerId) throw notFound(label(r.type));
    return ownerId;
  }
  if (ownerId === viewer.userId) return ownerId;
  const level = ownerId ? await grantedLevel(db, viewer, r.type, r.id) : null;
  if (!level) throw notFound(label(r.type));
  if (!atLeast(level, "admin")) throw forbidden(`Only the owner and those it is shared with at the admin level may change who has this ${label(r.type).toLowerCase()}`);
  return ownerId;
}

const label = (type: ResourceType) => ({ agent: "Agent", workflow: "Workflow", knowledge_base: "Knowledge base", approvals: "Approvals owner" })[type];

type GrantRow = { id: string; resourceType: string; resourceId: string; userId: string; level: string; grantedById: string | null; createdAt: Date; updatedAt: Date; user: { username: string } };

const grantDto = (g: GrantRow): GrantDto => ({
  id: g.id,
  resource_type: g.resourceType,
  resource_id: g.resourceId,
  user_id: g.userId,
  username: g.user.username,
  level: g.level,
  granted_by: g.grantedById,
  created_at: g.createdAt.toISOString(),
  updated_at: g.updatedAt.toISOString(),
});

export async function listGrants({ db, viewer }: AuthedContext, r: Resource, q: { page: number; page_size: number }) {
  await managedResource(db, viewer, r);
  const where = { resourceType: r.type, resourceId: r.id };
  const [rows, total] = await Promise.all([
    db.resourceGrant.findMany({ where, orderBy: { createdAt: "asc" }, skip: (q.page - 1) * q.page_size, take: q.page_size, include: { user: { select: { username: true } } } }),
    db.resourceGrant.count({ where }),
  ]);
  return { items: rows.map(grantDto), total, page: q.page, page_size: q.page_size };
}

/** Shares the resource with a user, or changes the level of an existing grant. */
export async function grantResource({ db, viewer, ip }: AuthedContext, r: Resource, input: { user_id: string; level: GrantLevel }) {
  const ownerId = await managedResource(db, viewer, r);
  if (input.user_id === ownerId) throw new AppError("VALIDATION_ERROR", "The owner already has full access", { issues: [{ path: "user_id", message: "This is the owner" }] });
  const grantee = await db.user.findUnique({ where: { id: input.user_id }, select: { id: true, username: true } });
  if (!grantee) throw notFound("User");
  const existing = await db.resourceGrant.findUnique({ where: { resourceType_resourceId_userId: { resourceType: r.type, resourceId: r.id, userId: input.user_id } }, select: { id: true } });
  if (!existing && (await db.resourceGrant.count({ where: { resourceType: r.type, resourceId: r.id } })) >= MAX_GRANTS_PER_RESOURCE) {
    throw new AppError("CONFLICT", `A resource can be shared with at most ${MAX_GRANTS_PER_RESOURCE} people`);
  }
  const saved = await db.$transaction(async (tx) => {
    const g = await tx.resourceGrant.upsert({
      where: { resourceType_resourceId_userId: { resourceType: r.type, resourceId: r.id, userId: input.user_id } },
      create: { resourceType: r.type, resourceId: r.id, userId: input.user_id, level: input.level, grantedById: viewer.userId },
      update: { level: input.level, grantedById: viewer.userId },
      include: { user: { select: { username: true } } },
    });
    await recordAudit(tx, { eventType: "resource_granted", actorId: viewer.userId, subjectType: r.type, subjectId: r.id, details: `Shared ${r.type} ${r.id} with ${grantee.username} at the ${input.level} level`, data: { user_id: input.user_id, level: input.level }, ip });
    return g;
  });
  return { grant: grantDto(saved), created: !existing };
}

export async function revokeGrant({ db, viewer, ip }: AuthedContext, r: Resource, userId: string) {
  // Anyone may give back what was shared with them.
  if (userId !== viewer.userId) await managedResource(db, viewer, r);
  await db.$transaction(async (tx) => {
    const { count } = await tx.resourceGrant.deleteMany({ where: { resourceType: r.type, resourceId: r.id, userId } });
    if (count === 0) throw notFound("Grant");
    await recordAudit(tx, { eventType: "resource_revoked", actorId: viewer.userId, subjectType: r.type, subjectId: r.id, details: `Stopped sharing ${r.type} ${r.id} with user ${userId}`, data: { user_id: userId }, ip });
  });
}

/** Removes every grant of a resource (called when the resource is deleted). */
export async function forgetResource(db: DbTx, type: ResourceType, id: string) {
  await db.resourceGrant.deleteMany({ where: { resourceType: type, resourceId: id } });
}
