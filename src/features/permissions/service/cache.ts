import { readCache } from "@/server/db/read-cache";

/**
 * Effective permissions per user (roles, their permissions, resource grants), cached in this process
 * so a permission or grant check on a hot path (every chat turn, every agent read) costs no database
 * round trip once warm. One of the read caches of @/server/db/read-cache.ts: 5 s, at most 5,000
 * users, emptied by every write in this process to the tables it reads (roles, user_roles,
 * resource_grants, users: a trigger there gives new accounts their role), raw SQL included; another
 * process's change is seen here within 5 s. Whether someone is an administrator is not cached here:
 * it is `viewer.role` (users.role), which authentication reads per request through its own cache.
 */
export const PERMISSION_CACHE_TTL_MS = 5_000;
export const PERMISSION_CACHE_MAX_ENTRIES = 5_000;

export interface EffectiveAccess {
  /** Built-in keys (admin, member, viewer) or custom role ids. */
  roleIds: string[];
  permissions: ReadonlySet<string>;
  /** `type:id` → level, for the resources granted to this user. */
  grants: ReadonlyMap<string, string>;
}

const access = readCache<EffectiveAccess>({
  name: "permissions",
  tables: ["roles", "user_roles", "resource_grants", "users"],
  ttlMs: PERMISSION_CACHE_TTL_MS,
  maxEntries: PERMISSION_CACHE_MAX_ENTRIES,
});

export async function cachedAccess(userId: string, load: () => Promise<EffectiveAccess>): Promise<EffectiveAccess> {
  return (await access.get(userId, load))!;
}
