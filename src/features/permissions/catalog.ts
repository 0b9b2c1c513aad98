/**
 * The permission catalog: every `resource:action` a role can grant, defined here in code, and the
 * permissions of the three built-in roles (computed from the catalog, so a new entry reaches them
 * without a migration). Custom roles store a subset of the catalog.
 */
export const CATALOG = {
  agents: { label: "Agents", actions: ["read", "create", "update", "delete", "use", "deploy", "manage"] },
  chat: { label: "Chat", actions: ["read", "create", "delete", "use"] },
  models: { label: "Models", actions: ["read", "create", "update", "delete", "use"] },
  calendar: { label: "Calendar", actions: ["read", "create", "update", "delete", "share"] },
  friends: { label: "Friends", actions: ["read", "create", "delete"] },
  notifications: { label: "Notifications", actions: ["read", "update", "delete"] },
  api_keys: { label: "API keys", actions: ["read", "create", "delete"] },
  approvals: { label: "Approvals", actions: ["read", "create", "decide"] },
  workflows: { label: "Workflows", actions: ["read", "create", "update", "delete", "execute"] },
  knowledge_bases: { label: "Knowledge bases", actions: ["read", "create", "update", "delete", "use"] },
  audit: { label: "Audit trail", actions: ["read", "verify"] },
  logs: { label: "System logs", actions: ["read"] },
  roles: { label: "Roles", actions: ["read", "manage"] },
  users: { label: "Users", actions: ["read", "manage"] },
} as const satisfies Record<string, { label: string; actions: readonly string[] }>;

export type PermissionResource = keyof typeof CATALOG;
export type Permission = { [R in PermissionResource]: `${R}:${(typeof CATALOG)[R]["actions"][number]}` }[PermissionResource];

export const ALL_PERMISSIONS: Permission[] = Object.entries(CATALOG).flatMap(([resource, { actions }]) =>
  actions.map((action) => `${resource}:${action}` as Permission),
);
const KNOWN = new Set<string>(ALL_PERMISSIONS);
export const isPermission = (value: string): value is Permission => KNOWN.has(value);

/** Administration: only the admin role holds these (and a custom role an admin gives them to). */
const ADMIN_ONLY = new Set<string>(["agents:manage", "audit:read", "audit:verify", "logs:read", "roles:read", "roles:manage", "users:manage"]);
/** Resources whose every action is administration. */
const ADMIN_RESOURCES = new Set<string>(["audit", "logs", "roles"]);

export const BUILT_IN_ROLES = ["admin", "member", "viewer"] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export const BUILT_IN_PERMISSIONS: Record<BuiltInRole, Permission[]> = {
  admin: ALL_PERMISSIONS,
  // What every account could do before roles existed: everything of its own, no administration.
  member: ALL_PERMISSIONS.filter((p) => !ADMIN_ONLY.has(p)),
  // Reads (and uses nothing): sees its own data and what is shared with it, changes nothing.
  viewer: ALL_PERMISSIONS.filter((p) => p.endsWith(":read") && !ADMIN_ONLY.has(p) && !ADMIN_RESOURCES.has(p.split(":")[0])),
};

/** Levels of a resource grant, each including the ones before it. */
export const GRANT_LEVELS = ["view", "use", "edit", "admin"] as const;
export type GrantLevel = (typeof GRANT_LEVELS)[number];
export const levelRank = (level: string) => GRANT_LEVELS.indexOf(level as GrantLevel);
export const atLeast = (held: string | null | undefined, wanted: GrantLevel) => held != null && levelRank(held) >= levelRank(wanted);

/** What can be shared one by one. For `approvals` the resource id is the owner's user id. */
export const RESOURCE_TYPES = ["agent", "workflow", "knowledge_base", "approvals"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
