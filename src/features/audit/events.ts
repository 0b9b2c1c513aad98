/**
 * Every audit event type Atrium records (snake_case, past tense, in the style of seed 000's
 * `agent_spawned`). The UI's filter lists these; `recordAudit` accepts any string so a new domain can
 * add its events here without a migration.
 */
export const AUDIT_EVENT_TYPES = [
  // identity
  "user_signed_up",
  "user_signed_in",
  "sign_in_failed",
  "user_signed_out",
  "password_changed",
  "password_reset",
  "api_key_created",
  "api_key_revoked",
  "invite_code_created",
  "user_role_changed",
  "user_deleted",
  // models
  "model_key_set",
  "model_key_removed",
  "model_config_deleted",
  // agents
  "agent_deployed",
  "agent_stopped",
  "agent_deleted",
  // approvals and TOTP (recorded by the approvals domain)
  "approval_requested",
  "approval_approved",
  "approval_rejected",
  "approval_expired",
  "totp_enrolled",
  "totp_confirmed",
  "totp_disabled",
  "totp_recovery_code_used",
  // roles and permissions (recorded by the permissions domain)
  "role_created",
  "role_updated",
  "role_deleted",
  "role_assigned",
  "role_unassigned",
  "resource_granted",
  "resource_revoked",
  // later domains
  "workflow_executed",
  "webhook_configured",
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
