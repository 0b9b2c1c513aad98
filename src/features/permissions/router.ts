import { z } from "zod";
import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as s from "./schemas";
import { checkAccess, myPermissions, permissionCatalog } from "./service/access";
import { grantResource, listGrants, revokeGrant } from "./service/grants";
import { assignRole, createRole, deleteRole, getRole, listRoles, listUsersWithRoles, unassignRole, updateRole } from "./service/roles";

const usersQuery = s.pageQuery.extend({ search: z.string().trim().max(50).optional() });

export const permissionsRouter = createTRPCRouter({
  catalog: authedProcedure.query(() => permissionCatalog()),
  me: authedProcedure.query(({ ctx }) => myPermissions(ctx)),
  check: authedProcedure.input(s.checkRequest).query(({ ctx, input }) => checkAccess(ctx, input)),
  roles: authedProcedure.input(s.pageQuery.default({ page: 1, page_size: 100 })).query(({ ctx, input }) => listRoles(ctx, input)),
  role: authedProcedure.input(idParam).query(({ ctx, input }) => getRole(ctx, input.id)),
  createRole: authedProcedure.input(s.roleCreate).mutation(({ ctx, input }) => createRole(ctx, input)),
  updateRole: authedProcedure.input(idParam.extend({ patch: s.roleUpdate })).mutation(({ ctx, input }) => updateRole(ctx, input.id, input.patch)),
  deleteRole: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteRole(ctx, input.id)),
  users: authedProcedure.input(usersQuery.default({ page: 1, page_size: 50 })).query(({ ctx, input }) => listUsersWithRoles(ctx, input)),
  assignRole: authedProcedure.input(s.userRoleParams).mutation(({ ctx, input }) => assignRole(ctx, input.user_id, input.role_id)),
  unassignRole: authedProcedure.input(s.userRoleParams).mutation(({ ctx, input }) => unassignRole(ctx, input.user_id, input.role_id)),
  grants: authedProcedure.input(s.resourceParams).query(({ ctx, input }) => listGrants(ctx, input, { page: 1, page_size: 100 })),
  grant: authedProcedure.input(s.resourceParams.extend(s.grantCreate.shape)).mutation(async ({ ctx, input }) => (await grantResource(ctx, input, input)).grant),
  revoke: authedProcedure.input(s.grantParams).mutation(({ ctx, input }) => revokeGrant(ctx, input, input.user_id)),
});
