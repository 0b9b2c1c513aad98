import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { DbTx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ALL_PERMISSIONS, atLeast, BUILT_IN_PERMISSIONS, isPermission, type BuiltInRole, type GrantLevel, type Permission, type ResourceType } from "../catalog";
import { cachedAccess, type EffectiveAccess } from "./cache";

/**
 * The permission checks other domains call. Administrators (`viewer.role === "admin"`, which mirrors
 * holding the admin role) pass every check without a database round trip; everyone else's roles and
 * grants are read once and cached (./cache.ts: 5 s, emptied by every write in this process).
 */

const ADMIN_ACCESS: EffectiveAccess = { roleIds: ["admin"], permissions: new Set(ALL_PERMISSIONS), grants: new Map() };

/** The viewer's roles, permissions and grants. */
export async function effectiveAccess(db: DbTx, viewer: Viewer): Promise<EffectiveAccess> {
  if (viewer.role === "admin") {
    // Grants still matter for listing what is shared with an admin; the rest is everything.
    const own = await cachedAccess(viewer.userId, () => loadAccess(db, viewer.userId));
    return { roleIds: own.roleIds.includes("admin") ? own.roleIds : ["admin", ...own.roleIds], permissions: ADMIN_ACCESS.permissions, grants: own.grants };
  }
  return cachedAccess(viewer.userId, () => loadAccess(db, viewer.userId));
}

async function loadAccess(db: DbTx, userId: string): Promise<EffectiveAccess> {
  const [roles, grants] = await Promise.all([
    db.userRole.findMany({ where: { userId }, select: { role: { select: { id: true, key: true, permissions: true } } } }),
    db.resourceGrant.findMany({ where: { userId }, select: { resourceType: true, resourceId: true, level: true } }),
  ]);
  const permissions = new Set<string>();
  for (const { role } of roles) {
    const granted = role.key ? (BUILT_IN_PERMISSIONS[role.key as BuiltInRole] ?? []) : role.permissions;
    for (const p of granted) if (isPermission(p)) permissions.add(p);
  }
  return {
    roleIds: roles.map(({ role }) => role.key ?? role.id),
    permissions,
    grants: new Map(grants.map((g) => [grantKey(g.resourceType, g.resourceId), g.level])),
  };
}

const grantKey = (type: string, id: string) => `${type}:${id}`;

export async function hasPermission(db: DbTx, viewer: Viewer, permission: Permission): Promise<boolean> {
  if (viewer.role === "admin") return true;
  return (await effectiveAccess(db, viewer)).permissions.has(permission);
}

/** Throws 403 naming the permission when the viewer's roles do not grant it. */
export async function requirePermission(db: DbTx, viewer: Viewer, permission: Permission): Promise<void> {
  if (await hasPermission(db, viewer, permission)) return;
  throw new AppError("FORBIDDEN", `Your role does not allow this (it needs the "${permission}" permission)`);
}

/** The level at which the resource is granted to the viewer, or null. */
export async function grantedLevel(db: DbTx, viewer: Viewer, type: ResourceType, id: string): Promise<string | null> {
  return (await effectiveAccess(db, viewer)).grants.get(grantKey(type, id)) ?? null;
}

export interface ResourceRef {
  type: ResourceType;
  id: string;
  level: GrantLevel;
  /** The resource's owner when the caller already knows it (saves a lookup). */
  ownerId?: string;
}

/**
 * True for the resource's owner, administrators, and holders of a grant at `level` or higher.
 * For `approvals` the resource id is the owner's user id (edit or more: may decide their approvals).
 */
export async function canAccessResource(db: DbTx, viewer: Viewer, ref: ResourceRef): Promise<boolean> {
  if (viewer.role === "admin") return true;
  const ownerId = ref.ownerId ?? (await ownerOf(db, ref.type, ref.id));
  if (ownerId === viewer.userId) return true;
  return atLeast(await grantedLevel(db, viewer, ref.type, ref.id), ref.level);
}

/** Who owns a resource, or null when it does not exist (or its kind has no table yet). */
export async function ownerOf(db: DbTx, type: ResourceType, id: string): Promise<string | null> {
  if (type === "approvals") return id;
  if (type === "agent") return (await db.agent.findUnique({ where: { id }, select: { ownerId: true } }))?.ownerId ?? null;
  if (type === "workflow") return (await db.workflow.findUnique({ where: { id }, select: { ownerId: true } }))?.ownerId ?? null;
  return null;
}
