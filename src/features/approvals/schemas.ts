import { z } from "zod";
import { pageOf, pageQuery } from "@/lib/wire";

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "expired"] as const;
export const APPROVAL_SOURCES = ["api", "agent_tool", "workflow"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A code as typed: 6 digits from the authenticator app or a recovery code. Checked by the service (a wrong one is 400, as seed 000 says). */
const code = z.string().max(64, "A code is at most 64 characters");

/** POST /api/approvals (seed 000's body, plus an optional timeout). */
export const approvalCreate = z.object({
  agent_id: z.uuid({ message: "Not a valid id" }).nullable().optional().describe("One of your agents that asks (optional)"),
  action: z.string().trim().min(1, "Name the action").max(200),
  description: z.string().max(2000).default(""),
  payload: z.record(z.string(), z.unknown()).default({}).refine((p) => JSON.stringify(p).length <= 64_000, "The payload is at most 64 KB of JSON"),
  timeout_minutes: z.number().int().min(1).max(525_600).optional().describe("Minutes until it expires (default APPROVALS_TIMEOUT_MINUTES, at most APPROVALS_MAX_TIMEOUT_MINUTES)"),
});

/** POST /api/approvals/{id}/approve: `totp_code` (or a recovery code) when TOTP is enforced for you. */
export const approveBody = z
  .object({
    totp_code: code.optional().describe("The 6-digit code from your authenticator app, or a recovery code"),
    comment: z.string().max(2000).optional(),
  })
  .default({});
export const rejectBody = z.object({ comment: z.string().max(2000).optional() }).default({});

/** POST /api/v1/approval/{id}/decision (seed 004's "decide"). */
export const decisionBody = z.object({
  decision: z.enum(["approve", "reject"]),
  totp_code: code.optional().describe("Needed to approve when TOTP is enforced for you"),
  comment: z.string().max(2000).optional(),
});

export const approvalQuery = pageQuery.extend({
  status: z.enum(APPROVAL_STATUSES).optional().describe("Only approvals in this state; default: all, pending first"),
});

export const approval = z.object({
  id: z.string(),
  owner_id: z.string(),
  requester_id: z.string(),
  agent_id: z.string().nullable(),
  agent_name: z.string().nullable(),
  source: z.enum(APPROVAL_SOURCES),
  action: z.string(),
  description: z.string(),
  payload: z.record(z.string(), z.unknown()),
  run_id: z.string().nullable(),
  status: z.enum(APPROVAL_STATUSES),
  created_at: z.string(),
  expires_at: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  comment: z.string().nullable(),
});
export const approvalPage = pageOf(approval).extend({ pending: z.number().int().describe("Pending approvals you may decide, on every page") });
export const pendingCount = z.object({ count: z.number().int() });

export const totpCodeBody = z.object({ code: code.min(1, "Enter the code") });
export const totpSetup = z.object({
  secret: z.string().describe("The base32 secret, for typing into an authenticator app"),
  otpauth_uri: z.string().describe("otpauth:// URI (show it as a QR code)"),
  otpauth_url: z.string().describe("The same URI (alias)"),
});
export const totpStatus = z.object({
  enrolled: z.boolean(),
  confirmed: z.boolean(),
  enforced: z.boolean(),
  remaining_recovery_codes: z.number().int(),
});
export const totpConfirmed = totpStatus.extend({
  recovery_codes: z.array(z.string()).describe("Single-use recovery codes, shown this once"),
});

export type ApprovalDto = z.infer<typeof approval>;
export type ApprovalCreate = z.infer<typeof approvalCreate>;
export type TotpStatus = z.infer<typeof totpStatus>;
