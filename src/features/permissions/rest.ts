import "server-only";
import { idParam } from "@/lib/wire";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { checkAccess, myPermissions, permissionCatalog } from "./service/access";
import { grantResource, listGrants, revokeGrant } from "./service/grants";
import { assignRole, createRole, deleteRole, getRole, getUserRoles, listRoles, unassignRole, updateRole } from "./service/roles";

const TAGS = ["Permissions"];
const ADMIN_NOTE = "Needs the `roles:read` (reading) or `roles:manage` (changing) permission: administrators hold both; anyone else gets 403.";

/** Seed 004's /permissions module (14 endpoints): roles, the permission catalog, who holds which role, and per-resource grants. */
export const permissionRoutes = [
  route({
    method: "GET", path: "/permissions", auth: "user", tags: TAGS,
    summary: "The permission catalog: every `resource:action` a role can grant, the shareable resource types and the grant levels",
    status: 200, response: s.catalog,
    handler: async () => permissionCatalog(),
  }),
  route({
    method: "GET", path: "/permissions/me", auth: "user", tags: TAGS,
    summary: "Your roles, your effective permissions and the resources shared with you",
    status: 200, response: s.myPermissions,
    handler: (ctx) => myPermissions(ctx),
  }),
  route({
    method: "POST", path: "/permissions/check", auth: "user", tags: TAGS,
    summary: "May a user do this? A permission, a resource at a level, or both",
    description: "Checks yourself, or with `user_id` someone else (needs `roles:read`). Resource access: the owner, administrators and holders of a grant at the level or above.",
    body: s.checkRequest, status: 200, response: s.checkResult, errors: [403, 404, 422],
    handler: (ctx, { body }) => checkAccess(ctx, body),
  }),
  route({
    method: "GET", path: "/permissions/roles", auth: "user", tags: TAGS,
    summary: "Roles: the built-in admin, member and viewer, then custom ones", description: ADMIN_NOTE,
    query: s.pageQuery, status: 200, response: s.roleList, errors: [403],
    handler: (ctx, { query }) => listRoles(ctx, query),
  }),
  route({
    method: "POST", path: "/permissions/roles", auth: "user", tags: TAGS,
    summary: "Create a custom role with permissions from the catalog", description: ADMIN_NOTE,
    body: s.roleCreate, status: 201, response: s.role, errors: [403, 409, 422],
    handler: (ctx, { body }) => createRole(ctx, body),
  }),
  route({
    method: "GET", path: "/permissions/roles/{id}", auth: "user", tags: TAGS,
    summary: "One role with its permissions and how many hold it", description: ADMIN_NOTE,
    params: idParam, status: 200, response: s.role, errors: [403, 404],
    handler: (ctx, { params }) => getRole(ctx, params.id),
  }),
  route({
    method: "PATCH", path: "/permissions/roles/{id}", auth: "user", tags: TAGS,
    summary: "Rename a custom role or change its permissions (built-in roles answer 409)", description: ADMIN_NOTE,
    params: idParam, body: s.roleUpdate, status: 200, response: s.role, errors: [403, 404, 409, 422],
    handler: (ctx, { params, body }) => updateRole(ctx, params.id, body),
  }),
  route({
    method: "DELETE", path: "/permissions/roles/{id}", auth: "user", tags: TAGS,
    summary: "Delete a custom role (built-in roles answer 409); holders left without a role become members", description: ADMIN_NOTE,
    params: idParam, status: 204, errors: [403, 404, 409],
    handler: async (ctx, { params }) => {
      await deleteRole(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "GET", path: "/permissions/users/{user_id}/roles", auth: "user", tags: TAGS,
    summary: "A user's roles (your own, or anyone's with `roles:read`)",
    params: s.userIdParam, status: 200, response: s.userRoles, errors: [403, 404],
    handler: (ctx, { params }) => getUserRoles(ctx, params.user_id),
  }),
  route({
    method: "POST", path: "/permissions/users/{user_id}/roles", auth: "user", tags: TAGS,
    summary: "Give a user a role (idempotent); the admin role makes them an administrator", description: ADMIN_NOTE,
    params: s.userIdParam, body: s.roleAssign, status: 201, response: s.userRoles, errors: [403, 404, 422],
    handler: (ctx, { params, body }) => assignRole(ctx, params.user_id, body.role_id),
  }),
  route({
    method: "DELETE", path: "/permissions/users/{user_id}/roles/{role_id}", auth: "user", tags: TAGS,
    summary: "Take a role from a user (the last administrator keeps the admin role: 409)", description: ADMIN_NOTE,
    params: s.userRoleParams, status: 204, errors: [403, 404, 409],
    handler: async (ctx, { params }) => {
      await unassignRole(ctx, params.user_id, params.role_id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "GET", path: "/permissions/resources/{type}/{id}/grants", auth: "user", tags: TAGS,
    summary: "Who a resource (agent, workflow, knowledge_base, approvals) is shared with",
    description: "For its owner, administrators and holders of an `admin` grant. For `approvals` the id is the owner's user id.",
    params: s.resourceParams, query: s.pageQuery, status: 200, response: s.grantList, errors: [403, 404, 422],
    handler: (ctx, { params, query }) => listGrants(ctx, params, query),
  }),
  route({
    method: "POST", path: "/permissions/resources/{type}/{id}/grants", auth: "user", tags: TAGS,
    summary: "Share a resource with a user at a level (view < use < edit < admin); 200 when it changes an existing grant",
    description: "Agents: `view` sees it, `use` chats with it, `edit` changes it, `admin` also shares it. Approvals (id = the owner's user id): `edit` or more decides the owner's approvals.",
    params: s.resourceParams, body: s.grantCreate, status: 201, alsoReturns: [200], response: s.grant, errors: [403, 404, 409, 422],
    handler: async (ctx, { params, body }) => {
      const { grant, created } = await grantResource(ctx, params, body);
      return created ? grant : Response.json(grant, { status: 200 });
    },
  }),
  route({
    method: "DELETE", path: "/permissions/resources/{type}/{id}/grants/{user_id}", auth: "user", tags: TAGS,
    summary: "Stop sharing a resource with a user (a grantee may also give back their own grant)",
    params: s.grantParams, status: 204, errors: [403, 404, 422],
    handler: async (ctx, { params }) => {
      await revokeGrant(ctx, params, params.user_id);
      return new Response(null, { status: 204 });
    },
  }),
];
