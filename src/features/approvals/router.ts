import { z } from "zod";
import { idParam } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { APPROVAL_STATUSES } from "./schemas";
import { decideApproval, getApproval, listApprovals, pendingApprovals } from "./service/approvals";
import { confirmTotp, disableTotp, setupTotp, totpStatus } from "./service/totp";

const code = z.string().max(64);

export const approvalsRouter = createTRPCRouter({
  list: authedProcedure
    .input(z.object({ status: z.enum(APPROVAL_STATUSES).optional(), page: z.number().int().min(1).max(100_000).default(1), pageSize: z.number().int().min(1).max(100).default(50) }).default({ page: 1, pageSize: 50 }))
    .query(({ ctx, input }) => listApprovals(ctx, { status: input.status, page: input.page, page_size: input.pageSize })),
  pendingCount: authedProcedure.query(({ ctx }) => pendingApprovals(ctx)),
  get: authedProcedure.input(idParam).query(({ ctx, input }) => getApproval(ctx, input.id)),
  decide: authedProcedure
    .input(idParam.extend({ decision: z.enum(["approve", "reject"]), totpCode: code.optional(), comment: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => decideApproval(ctx, input.id, { decision: input.decision, totpCode: input.totpCode, comment: input.comment })),
  totpStatus: authedProcedure.query(({ ctx }) => totpStatus(ctx)),
  totpSetup: authedProcedure.mutation(({ ctx }) => setupTotp(ctx)),
  totpConfirm: authedProcedure.input(z.object({ code: code.min(1) })).mutation(({ ctx, input }) => confirmTotp(ctx, input.code)),
  totpDisable: authedProcedure.input(z.object({ code: code.min(1) })).mutation(({ ctx, input }) => disableTotp(ctx, input.code)),
});
