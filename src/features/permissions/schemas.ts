import { z } from "zod";
import { pageOf, pageQuery } from "@/lib/wire";
import { ALL_PERMISSIONS, GRANT_LEVELS, RESOURCE_TYPES } from "./catalog";

export { pageQuery };

const uuid = (what: string) => z.uuid({ message: `Not a valid ${what} id` });

export const permissionName = z
  .string()
  .max(64)
  .refine((p) => (ALL_PERMISSIONS as string[]).includes(p), { message: "Not a permission of the catalog (GET /permissions lists them)" });

export const roleName = z
  .string()
  .trim()
  .min(1, "Give the role a name")
  .max(50, "At most 50 characters")
  .regex(/^[\p{L}\p{N} _.-]*$/u, "Letters, digits, spaces, dots, dashes and underscores only");

export const roleCreate = z
  .object({
    name: roleName,
    description: z.string().trim().max(500).default(""),
    permissions: z.array(permissionName).max(ALL_PERMISSIONS.length).default([]),
  })
  .strict();

export const roleUpdate = z
  .object({
    name: roleName,
    description: z.string().trim().max(500),
    permissions: z.array(permissionName).max(ALL_PERMISSIONS.length),
  })
  .partial()
  .strict();

export const role = z.object({
  id: z.string(),
  key: z.string().nullable().describe("admin | member | viewer for the built-in roles, null for custom ones"),
  name: z.string(),
  description: z.string(),
  built_in: z.boolean().describe("Built-in roles can be neither changed nor deleted"),
  permissions: z.array(z.string()),
  user_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type RoleDto = z.infer<typeof role>;
export const roleList = pageOf(role);

export const catalogEntry = z.object({ resource: z.string(), label: z.string(), actions: z.array(z.string()), permissions: z.array(z.string()) });
export const catalog = z.object({
  items: z.array(catalogEntry),
  resource_types: z.array(z.string()).describe("What can be shared one by one (grants)"),
  levels: z.array(z.string()).describe("Grant levels, each including the ones before it"),
});

export const myPermissions = z.object({
  user_id: z.string(),
  is_admin: z.boolean(),
  roles: z.array(z.object({ id: z.string(), key: z.string().nullable(), name: z.string() })),
  permissions: z.array(z.string()),
  grants: z.array(z.object({ resource_type: z.string(), resource_id: z.string(), level: z.string() })),
});

export const userIdParam = z.object({ user_id: uuid("user") });
export const userRoleParams = z.object({ user_id: uuid("user"), role_id: uuid("role") });
export const roleAssign = z.object({ role_id: uuid("role") }).strict();

export const userRoles = z.object({
  user_id: z.string(),
  username: z.string(),
  is_admin: z.boolean(),
  roles: z.array(role.pick({ id: true, key: true, name: true, built_in: true })),
});
export type UserRolesDto = z.infer<typeof userRoles>;
export const userRolesList = pageOf(userRoles);

export const resourceType = z.enum(RESOURCE_TYPES, { message: `Use one of: ${RESOURCE_TYPES.join(", ")}` });
export const grantLevel = z.enum(GRANT_LEVELS, { message: `Use one of: ${GRANT_LEVELS.join(", ")}` });
export const resourceParams = z.object({ type: resourceType, id: uuid("resource") });
export const grantParams = resourceParams.extend({ user_id: uuid("user") });
export const grantCreate = z.object({ user_id: uuid("user"), level: grantLevel }).strict();

export const grant = z.object({
  id: z.string(),
  resource_type: z.string(),
  resource_id: z.string(),
  user_id: z.string(),
  username: z.string(),
  level: z.string(),
  granted_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type GrantDto = z.infer<typeof grant>;
export const grantList = pageOf(grant);

export const checkRequest = z
  .object({
    user_id: uuid("user").optional().describe("Whom to check (administrators only); yourself when absent"),
    permission: permissionName.optional(),
    resource: z.object({ type: resourceType, id: uuid("resource"), level: grantLevel }).strict().optional(),
  })
  .strict()
  .refine((v) => v.permission !== undefined || v.resource !== undefined, { message: "Ask about a permission, a resource, or both", path: ["permission"] });

export const checkResult = z.object({
  user_id: z.string(),
  allowed: z.boolean().describe("True when every check asked about passes"),
  permission: z.boolean().nullable(),
  resource: z.boolean().nullable(),
});
