import "server-only";
import type { AuthedContext } from "@/server/context";
import type { Viewer } from "@/server/auth/viewer";
import { notFound } from "@/server/errors";
import { ALL_PERMISSIONS, CATALOG, GRANT_LEVELS, RESOURCE_TYPES, type GrantLevel, type Permission, type ResourceType } from "../catalog";
import { canAccessResource, effectiveAccess, hasPermission, requirePermission } from "./check";

/** The catalog of permissions, for everyone signed in (the Roles page and API clients read it). */
export function permissionCatalog() {
  return {
    items: Object.entries(CATALOG).map(([resource, { label, actions }]) => ({ resource, label, actions: [...actions], permissions: actions.map((a) => `${resource}:${a}`) })),
    resource_types: [...RESOURCE_TYPES],
    levels: [...GRANT_LEVELS],
  };
}

/** Your roles, effective permissions and what is shared with you. */
export async function myPermissions({ db, viewer }: AuthedContext) {
  const access = await effectiveAccess(db, viewer);
  const roles = await db.userRole.findMany({ where: { userId: viewer.userId }, orderBy: { createdAt: "asc" }, select: { role: { select: { id: true, key: true, name: true } } } });
  return {
    user_id: viewer.userId,
    is_admin: viewer.role === "admin",
    roles: roles.map((r) => r.role),
    permissions: ALL_PERMISSIONS.filter((p) => access.permissions.has(p)),
    grants: [...access.grants].map(([key, level]) => {
      const [resource_type, resource_id] = key.split(":");
      return { resource_type, resource_id, level };
    }),
  };
}

/** Answers "may this user do that": yourself, or anyone when you may read roles. */
export async function checkAccess(
  ctx: AuthedContext,
  input: { user_id?: string; permission?: string; resource?: { type: ResourceType; id: string; level: GrantLevel } },
) {
  const { db, viewer } = ctx;
  let subject: Viewer = viewer;
  if (input.user_id && input.user_id !== viewer.userId) {
    await requirePermission(db, viewer, "roles:read");
    const user = await db.user.findUnique({ where: { id: input.user_id }, select: { id: true, role: true } });
    if (!user) throw notFound("User");
    subject = { userId: user.id, role: user.role === "admin" ? "admin" : "user", via: viewer.via };
  }
  const permission = input.permission ? await hasPermission(db, subject, input.permission as Permission) : null;
  const resource = input.resource ? await canAccessResource(db, subject, input.resource) : null;
  return { user_id: subject.userId, allowed: permission !== false && resource !== false, permission, resource };
}
