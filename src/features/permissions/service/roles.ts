import "server-only";
import { recordAudit } from "@/features/audit/record";
import type { Role } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { DbTx } from "@/server/db/client";
import { AppError, conflict, notFound } from "@/server/errors";
import { BUILT_IN_PERMISSIONS, type BuiltInRole } from "../catalog";
import type { RoleDto, UserRolesDto } from "../schemas";
import { requirePermission } from "./check";

/**
 * Roles and who holds them. Administration (roles:read / roles:manage) is for administrators and
 * custom roles given those permissions. `users.role` mirrors holding the admin role, because
 * authentication reads that column: assigning or removing the admin role changes it in the same
 * transaction, and the last administrator cannot lose the role (409).
 */

/** Taken around every change of who is an administrator, so two admins cannot demote each other at once. */
const ADMIN_LOCK_KEY = 727190002;

const permissionsOf = (r: Pick<Role, "key" | "permissions">) => (r.key ? [...(BUILT_IN_PERMISSIONS[r.key as BuiltInRole] ?? [])] : r.permissions);

function roleDto(r: Role & { _count?: { users: number } }, adminCount?: number): RoleDto {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    built_in: r.key !== null,
    permissions: permissionsOf(r),
    user_count: r.key === "admin" && adminCount !== undefined ? adminCount : (r._count?.users ?? 0),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** Administrators are users.role = 'admin' (which a direct database edit can set without a row). */
const adminCount = (db: DbTx) => db.user.count({ where: { role: "admin" } });

export async function listRoles({ db, viewer }: AuthedContext, q: { page: number; page_size: number }) {
  await requirePermission(db, viewer, "roles:read");
  const [rows, total, admins] = await Promise.all([
    db.role.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size, include: { _count: { select: { users: true } } } }),
    db.role.count(),
    adminCount(db),
  ]);
  return { items: rows.map((r) => roleDto(r, admins)), total, page: q.page, page_size: q.page_size };
}

async function findRole(db: DbTx, id: string) {
  const found = await db.role.findUnique({ where: { id }, include: { _count: { select: { users: true } } } });
  if (!found) throw notFound("Role");
  return found;
}

export async function getRole({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "roles:read");
  return roleDto(await findRole(db, id), await adminCount(db));
}

async function assertNameFree(db: DbTx, name: string, exceptId?: string) {
  const taken = await db.role.findFirst({ where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw conflict(`A role named "${name}" already exists`);
}

export async function createRole({ db, viewer, ip }: AuthedContext, input: { name: string; description: string; permissions: string[] }) {
  await requirePermission(db, viewer, "roles:manage");
  await assertNameFree(db, input.name);
  const created = await db.$transaction(async (tx) => {
    const r = await tx.role.create({ data: { name: input.name, description: input.description, permissions: [...new Set(input.permissions)].sort() } });
    await recordAudit(tx, { eventType: "role_created", actorId: viewer.userId, subjectType: "role", subjectId: r.id, details: `Created the role "${r.name}" with ${r.permissions.length} permissions`, data: { permissions: r.permissions }, ip });
    return r;
  });
  return roleDto({ ...created, _count: { users: 0 } });
}

export async function updateRole({ db, viewer, ip }: AuthedContext, id: string, input: { name?: string; description?: string; permissions?: string[] }) {
  await requirePermission(db, viewer, "roles:manage");
  const current = await findRole(db, id);
  if (current.key) throw conflict(`"${current.name}" is a built-in role: it can be neither renamed nor changed`);
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  const updated = await db.$transaction(async (tx) => {
    const r = await tx.role.update({
      where: { id },
      data: { name: input.name, description: input.description, permissions: input.permissions ? [...new Set(input.permissions)].sort() : undefined },
      include: { _count: { select: { users: true } } },
    });
    await recordAudit(tx, { eventType: "role_updated", actorId: viewer.userId, subjectType: "role", subjectId: id, details: `Changed the role "${r.name}"`, data: { permissions: r.permissions }, ip });
    return r;
  });
  return roleDto(updated);
}

export async function deleteRole({ db, viewer, ip }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "roles:manage");
  const current = await findRole(db, id);
  if (current.key) throw conflict(`"${current.name}" is a built-in role and cannot be deleted`);
  await db.$transaction(async (tx) => {
    // Holders of only this role fall back to member, so nobody is left without a role.
    const holders = await tx.userRole.findMany({ where: { roleId: id }, select: { userId: true } });
    await tx.role.delete({ where: { id } });
    const bare = await tx.user.findMany({ where: { id: { in: holders.map((h) => h.userId) }, userRoles: { none: {} } }, select: { id: true } });
    if (bare.length) {
      const member = await tx.role.findUniqueOrThrow({ where: { key: "member" }, select: { id: true } });
      await tx.userRole.createMany({ data: bare.map((u) => ({ userId: u.id, roleId: member.id, assignedById: viewer.userId })), skipDuplicates: true });
    }
    await recordAudit(tx, { eventType: "role_deleted", actorId: viewer.userId, subjectType: "role", subjectId: id, details: `Deleted the role "${current.name}" (${holders.length} holders)`, ip });
  });
}

// ---- who holds which role ------------------------------------------------------------------

const userWithRoles = { id: true, username: true, role: true, userRoles: { select: { role: true }, orderBy: { createdAt: "asc" as const } } } as const;
type UserWithRoles = { id: string; username: string; role: string; userRoles: { role: Role }[] };

function userRolesDto(u: UserWithRoles, adminRole?: Role | null): UserRolesDto {
  const roles = u.userRoles.map(({ role: r }) => r);
  // users.role = 'admin' set outside this service still means administrator.
  if (u.role === "admin" && adminRole && !roles.some((r) => r.key === "admin")) roles.unshift(adminRole);
  return {
    user_id: u.id,
    username: u.username,
    is_admin: u.role === "admin",
    roles: roles.map((r) => ({ id: r.id, key: r.key, name: r.name, built_in: r.key !== null })),
  };
}

/** Everyone's roles, for the Roles page. Optional search by username. */
export async function listUsersWithRoles({ db, viewer }: AuthedContext, q: { page: number; page_size: number; search?: string }) {
  await requirePermission(db, viewer, "roles:read");
  const where = q.search ? { username: { contains: q.search, mode: "insensitive" as const } } : {};
  const [rows, total, adminRole] = await Promise.all([
    db.user.findMany({ where, orderBy: [{ createdAt: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size, select: userWithRoles }),
    db.user.count({ where }),
    db.role.findUnique({ where: { key: "admin" } }),
  ]);
  return { items: rows.map((u) => userRolesDto(u, adminRole)), total, page: q.page, page_size: q.page_size };
}

async function loadUserRoles(db: DbTx, userId: string) {
  const [u, adminRole] = await Promise.all([db.user.findUnique({ where: { id: userId }, select: userWithRoles }), db.role.findUnique({ where: { key: "admin" } })]);
  if (!u) throw notFound("User");
  return userRolesDto(u, adminRole);
}

/** Your own roles, or (with roles:read) anyone's. */
export async function getUserRoles({ db, viewer }: AuthedContext, userId: string) {
  if (userId !== viewer.userId) await requirePermission(db, viewer, "roles:read");
  return loadUserRoles(db, userId);
}

export async function assignRole({ db, viewer, ip }: AuthedContext, userId: string, roleId: string) {
  await requirePermission(db, viewer, "roles:manage");
  const [target, r] = await Promise.all([db.user.findUnique({ where: { id: userId }, select: { id: true, username: true } }), db.role.findUnique({ where: { id: roleId } })]);
  if (!target) throw notFound("User");
  if (!r) throw notFound("Role");
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})`);
    await tx.userRole.createMany({ data: [{ userId, roleId, assignedById: viewer.userId }], skipDuplicates: true });
    if (r.key === "admin") await tx.user.update({ where: { id: userId }, data: { role: "admin" } });
    await recordAudit(tx, { eventType: "role_assigned", actorId: viewer.userId, subjectType: "user", subjectId: userId, details: `Gave ${target.username} the role "${r.name}"`, data: { role_id: roleId }, ip });
  });
  return loadUserRoles(db, userId);
}

export async function unassignRole({ db, viewer, ip }: AuthedContext, userId: string, roleId: string) {
  await requirePermission(db, viewer, "roles:manage");
  const [target, r] = await Promise.all([db.user.findUnique({ where: { id: userId }, select: { id: true, username: true, role: true } }), db.role.findUnique({ where: { id: roleId } })]);
  if (!target) throw notFound("User");
  if (!r) throw notFound("Role");
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})`);
    const { count } = await tx.userRole.deleteMany({ where: { userId, roleId } });
    const wasAdmin = r.key === "admin" && (await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } })).role === "admin";
    if (count === 0 && !wasAdmin) throw new AppError("NOT_FOUND", `${target.username} does not hold the role "${r.name}"`);
    if (wasAdmin) {
      if ((await adminCount(tx)) <= 1) throw conflict("This is the last administrator: make someone else an administrator first");
      await tx.user.update({ where: { id: userId }, data: { role: "user" } });
    }
    // Nobody is left without a role: the last one removed falls back to member (unless it was member).
    if ((await tx.userRole.count({ where: { userId } })) === 0 && r.key !== "member") {
      const member = await tx.role.findUniqueOrThrow({ where: { key: "member" }, select: { id: true } });
      await tx.userRole.create({ data: { userId, roleId: member.id, assignedById: viewer.userId } });
    }
    await recordAudit(tx, { eventType: "role_unassigned", actorId: viewer.userId, subjectType: "user", subjectId: userId, details: `Took the role "${r.name}" from ${target.username}`, data: { role_id: roleId }, ip });
  });
}
