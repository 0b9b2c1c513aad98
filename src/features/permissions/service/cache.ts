/**
 * Effective permissions per user, cached in this process so a permission or grant check on a hot
 * path (every chat turn, every agent read) costs no database round trip once warm.
 *
 * Bounded (least recently used entries go first) and short-lived (TTL_MS). Staleness, on purpose:
 * - in THIS process nothing is stale: every write the permissions service makes (roles, their
 *   permissions, user ↔ role assignments, resource grants) empties the cache before and after it
 *   runs, and a load that overlapped such a write is not stored;
 * - a write made by ANOTHER process (a second Atrium on the same Postgres, psql) is seen here only
 *   when the entry expires: a revoked grant or a removed role may keep working there for up to TTL_MS.
 * Whether someone is an administrator is not cached here: it is `viewer.role` (users.role), which
 * authentication reads per request through its own cache (src/server/auth/credential-cache.ts).
 *
 * On globalThis: server.ts's API fast path and Next's bundles each carry a copy of this module but
 * share one database, so they share one cache.
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

interface Entry {
  value: EffectiveAccess;
  expiresAt: number;
  generation: number;
}

interface State {
  generation: number;
  entries: Map<string, Entry>;
}

const globalForPermissions = globalThis as unknown as { atriumPermissionCache?: State };
const state = (globalForPermissions.atriumPermissionCache ??= { generation: 0, entries: new Map() });

/** Forget every cached answer (called around every write to roles, assignments or grants). */
export function permissionsChanged() {
  state.generation++;
  state.entries.clear();
}

/** Runs a write with the cache emptied before and after it. */
export async function changingPermissions<T>(write: () => Promise<T>): Promise<T> {
  permissionsChanged();
  try {
    return await write();
  } finally {
    permissionsChanged();
  }
}

export async function cachedAccess(userId: string, load: () => Promise<EffectiveAccess>): Promise<EffectiveAccess> {
  const now = Date.now();
  const hit = state.entries.get(userId);
  if (hit && hit.expiresAt > now && hit.generation === state.generation) {
    state.entries.delete(userId);
    state.entries.set(userId, hit);
    return hit.value;
  }
  if (hit) state.entries.delete(userId);
  const generation = state.generation;
  const value = await load();
  if (generation === state.generation) {
    state.entries.set(userId, { value, expiresAt: now + PERMISSION_CACHE_TTL_MS, generation });
    if (state.entries.size > PERMISSION_CACHE_MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value as string);
  }
  return value;
}
