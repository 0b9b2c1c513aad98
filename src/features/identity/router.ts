import { z } from "zod";
import { authedProcedure, authRateLimitedProcedure, createTRPCRouter } from "@/server/trpc/init";
import * as s from "./schemas";
import { resendCode, startRecovery, startSignup, verifyCode } from "./service/accounts";
import { createApiKey, listApiKeys, revokeApiKey } from "./service/api-keys";
import { myInviteCode } from "./service/invites";
import { getMe, searchUsers, updateProfile } from "./service/users";

/** The browser's view of identity; the same services as the REST routes in rest.ts. */
export const identityRouter = createTRPCRouter({
  signup: authRateLimitedProcedure.input(s.signupRequest).mutation(({ ctx, input }) => startSignup(ctx, input)),
  resend: authRateLimitedProcedure.input(s.resendRequest).mutation(({ ctx, input }) => resendCode(ctx, input)),
  verify: authRateLimitedProcedure.input(s.verifyRequest).mutation(async ({ ctx, input }) => {
    // The browser signs in through next-auth afterwards; it needs no tokens here.
    await verifyCode(ctx, input);
    return { ok: true };
  }),
  requestRecovery: authRateLimitedProcedure.input(z.object({ email: s.email })).mutation(({ ctx, input }) => startRecovery(ctx, input.email)),

  me: authedProcedure.query(({ ctx }) => getMe(ctx)),
  updateProfile: authedProcedure.input(s.profileUpdate).mutation(({ ctx, input }) => updateProfile(ctx, input)),
  search: authedProcedure.input(s.userSearchRequest).query(({ ctx, input }) => searchUsers(ctx, input.query)),
  inviteCode: authedProcedure.query(({ ctx }) => myInviteCode(ctx.db, ctx.viewer.userId)),

  apiKeys: createTRPCRouter({
    list: authedProcedure.query(({ ctx }) => listApiKeys(ctx)),
    create: authedProcedure.input(s.apiKeyCreate).mutation(({ ctx, input }) => createApiKey(ctx, input)),
    revoke: authedProcedure.input(s.idParam).mutation(({ ctx, input }) => revokeApiKey(ctx, input.id)),
  }),
});
