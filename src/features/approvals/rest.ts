import "server-only";
import { idParam } from "@/lib/wire";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { createApproval, decideApproval, getApproval, listApprovals } from "./service/approvals";
import { confirmTotp, disableTotp, setupTotp, totpStatus } from "./service/totp";

const TAGS = ["Approvals"];
const TOTP = ["Approvals: TOTP"];
const DECIDE_NOTE =
  "Deciding needs the `approvals:decide` permission (members have it, viewers do not: 403). Only the approval's owner, or someone the owner delegated to (a resource grant on `approvals` with the owner's user id, level `edit` or higher), may decide; others get 404. A decision is final: deciding again, or after `expires_at`, is 409. The agent run (or other work) waiting on it continues.";

/** Seed 000's approvals and TOTP step-up, under /api (no version). */
export const approvalRoutes = [
  route({
    method: "GET", path: "/approvals", auth: "user", tags: TAGS,
    summary: "Pending and recent approval requests you decide: pending first (oldest first), then the rest newest first",
    query: s.approvalQuery, status: 200, response: s.approvalPage, errors: [422],
    handler: (ctx, { query }) => listApprovals(ctx, query),
  }),
  route({
    method: "POST", path: "/approvals", auth: "user", tags: TAGS,
    summary: "Create an approval request (usually an agent's tool call does); you decide it",
    description: "`agent_id` must be one of your agents (else 404). It expires after `timeout_minutes` (default APPROVALS_TIMEOUT_MINUTES, 24 h).",
    body: s.approvalCreate, status: 201, response: s.approval, errors: [400, 403, 404, 422],
    handler: (ctx, { body }) => createApproval(ctx, body),
  }),
  route({
    method: "GET", path: "/approvals/totp/status", auth: "user", tags: TOTP,
    summary: "Your TOTP enrolment: enrolled, confirmed, enforced, remaining_recovery_codes",
    status: 200, response: s.totpStatus,
    handler: (ctx) => totpStatus(ctx),
  }),
  route({
    method: "POST", path: "/approvals/totp/setup", auth: "user", tags: TOTP,
    summary: "Generate a TOTP secret: the base32 secret and an otpauth:// URI for an authenticator app; inactive until confirmed",
    description: "The secret is stored encrypted. Setting up again replaces an unconfirmed secret; a confirmed one must be disabled first (409).",
    status: 200, response: s.totpSetup, errors: [409],
    handler: (ctx) => setupTotp(ctx),
  }),
  route({
    method: "POST", path: "/approvals/totp/confirm", auth: "user", tags: TOTP,
    summary: "Confirm TOTP with a 6-digit code from the app; answers the recovery codes once",
    description: "From then on approving needs `totp_code`. A wrong code is 400; five wrong codes in a row lock guessing for 5 minutes (429 with Retry-After).",
    body: s.totpCodeBody, status: 200, response: s.totpConfirmed, errors: [400, 409, 422, 429],
    handler: (ctx, { body }) => confirmTotp(ctx, body.code),
  }),
  route({
    method: "DELETE", path: "/approvals/totp", auth: "user", tags: TOTP,
    summary: "Remove your TOTP enrolment; needs a valid TOTP code or recovery code",
    description: "A wrong code, or no enrolment, is 400.",
    body: s.totpCodeBody, status: 200, response: s.totpStatus, errors: [400, 422, 429],
    handler: (ctx, { body }) => disableTotp(ctx, body.code),
  }),
  route({
    method: "GET", path: "/approvals/{id}", auth: "user", tags: TAGS,
    summary: "One approval request",
    params: idParam, status: 200, response: s.approval, errors: [404, 422],
    handler: (ctx, { params }) => getApproval(ctx, params.id),
  }),
  route({
    method: "POST", path: "/approvals/{id}/approve", auth: "user", tags: TAGS,
    summary: "Approve a pending request; the waiting agent goes on",
    description: `With TOTP enforced for you (you confirmed TOTP, or APPROVALS_SECOND_FACTOR=totp) send \`{"totp_code": "123456"}\` (or a recovery code): missing or invalid is 400, a code already used is 400, too many wrong codes 429. ${DECIDE_NOTE}`,
    params: idParam, body: s.approveBody, status: 200, response: s.approval, errors: [400, 403, 404, 409, 422, 429],
    handler: (ctx, { params, body }) => decideApproval(ctx, params.id, { decision: "approve", totpCode: body.totp_code, comment: body.comment }),
  }),
  route({
    method: "POST", path: "/approvals/{id}/reject", auth: "user", tags: TAGS,
    summary: "Reject a pending request; the waiting agent is told and does not perform the action",
    description: DECIDE_NOTE,
    params: idParam, body: s.rejectBody, status: 200, response: s.approval, errors: [403, 404, 409, 422],
    handler: (ctx, { params, body }) => decideApproval(ctx, params.id, { decision: "reject", comment: body.comment }),
  }),
];

/** Seed 004's approval module (query and decide) under /api/v1: the same approvals. */
export const approvalV1Routes = [
  route({
    method: "GET", path: "/approval", auth: "user", tags: TAGS,
    summary: "Approvals you decide (the same as GET /api/approvals): `status` filter, page/page_size, pending first",
    query: s.approvalQuery, status: 200, response: s.approvalPage, errors: [422],
    handler: (ctx, { query }) => listApprovals(ctx, query),
  }),
  route({
    method: "POST", path: "/approval/{id}/decision", auth: "user", tags: TAGS,
    summary: "Decide an approval: `{decision: \"approve\" | \"reject\", totp_code?, comment?}`",
    description: `Approving follows POST /api/approvals/{id}/approve (totp_code when TOTP is enforced: missing or invalid is 400). ${DECIDE_NOTE}`,
    params: idParam, body: s.decisionBody, status: 200, response: s.approval, errors: [400, 403, 404, 409, 422, 429],
    handler: (ctx, { params, body }) => decideApproval(ctx, params.id, { decision: body.decision, totpCode: body.totp_code, comment: body.comment }),
  }),
];
