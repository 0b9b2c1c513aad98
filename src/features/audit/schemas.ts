import { z } from "zod";
import { pageOf, pageQuery } from "@/lib/wire";
import { LOG_LEVELS } from "@/server/log/ring";

// Seed 000: GET /api/audit/recent, GET /api/audit/verify, GET /api/security.

export const recentQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe("Entries to return, newest first (1 to 500, default 50)"),
});

export const auditEntry = z.object({
  id: z.number().int().describe("Sequence number: contiguous from 1"),
  timestamp: z.string(),
  event_type: z.string(),
  actor_id: z.string().nullable(),
  actor_username: z.string().nullable().optional(),
  agent_id: z.string().nullable(),
  subject_type: z.string().nullable(),
  subject_id: z.string().nullable(),
  details: z.string(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  hash: z.string(),
  prev_hash: z.string(),
});
export type AuditEntryDto = z.infer<typeof auditEntry>;

export const recentResult = z.object({ entries: z.array(auditEntry), total: z.number().int() });

export const verifyResult = z.object({
  status: z.enum(["valid", "broken"]),
  chain_length: z.number().int().describe("Entries verified (up to the first broken one)"),
  first_entry: z.string().nullable().describe("Timestamp of the first entry (null for an empty chain)"),
  last_entry: z.string().nullable().describe("Timestamp of the last entry verified"),
  checkpoints_verified: z.number().int(),
  broken_entry: z.number().int().optional().describe("When broken: the id of the first broken entry"),
  reason: z.enum(["altered", "deleted", "inserted", "checkpoint"]).optional(),
  message: z.string().optional(),
});
export type VerifyResult = z.infer<typeof verifyResult>;

export const SECURITY_SYSTEMS = [
  "merkle_audit_trail",
  "taint_tracking",
  "wasm_dual_metering",
  "security_headers",
  "health_redaction",
  "subprocess_sandbox",
  "manifest_signing",
  "gcra_rate_limiter",
  "secret_zeroization",
  "path_traversal_prevention",
  "ssrf_protection",
  "capability_inheritance_validation",
  "ofp_hmac_auth",
  "prompt_injection_scanning",
  "loop_guard",
  "session_repair",
] as const;
export type SecuritySystem = (typeof SECURITY_SYSTEMS)[number];
export const systemState = z.enum(["active", "inactive", "not_applicable"]);

export const securityOverview = z.object({
  security_systems: z.record(z.enum(SECURITY_SYSTEMS), systemState),
  total_systems: z.number().int(),
  all_active: z.boolean().describe("Every system that applies to Atrium is active (not_applicable ones do not count against it)"),
  details: z.record(z.enum(SECURITY_SYSTEMS), z.string()).describe("Why each system has its state, from what Atrium does"),
});
export type SecurityOverview = z.infer<typeof securityOverview>;

// Seed 004: /api/v1/audit-logs (list, statistics).

const isoDate = z.iso.datetime({ offset: true }).describe("ISO 8601 date-time");

export const auditListQuery = pageQuery.extend({
  event_type: z.string().trim().min(1).max(64).optional().describe("Only this event type"),
  actor_id: z.uuid().optional().describe("Only entries by this user"),
  actor: z.string().trim().min(1).max(64).optional().describe("Only entries by the user with this username"),
  from: isoDate.optional().describe("Entries at or after this time"),
  to: isoDate.optional().describe("Entries before this time"),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;
export const auditList = pageOf(auditEntry);

export const statsQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30).describe("Days of the per-day series, ending today (UTC)"),
});

export const auditStats = z.object({
  total: z.number().int(),
  by_event_type: z.array(z.object({ event_type: z.string(), count: z.number().int() })),
  by_day: z.array(z.object({ day: z.string().describe("YYYY-MM-DD (UTC)"), count: z.number().int() })),
  first_entry: z.string().nullable(),
  last_entry: z.string().nullable(),
});

// Logs: GET /api/logs/stream (000), /api/v1/system-logs (004).

export const logLevel = z.enum(LOG_LEVELS);
export const logRecord = z.object({
  id: z.string().describe("`<ms>-<seq>`: the SSE event id; resume after it with Last-Event-ID"),
  seq: z.number().int(),
  time: z.string(),
  level: logLevel,
  source: z.enum(["request", "job", "app"]),
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()),
});
export type LogRecordDto = z.infer<typeof logRecord>;

export const logStreamQuery = z.object({
  level: logLevel.default("info").describe("Lowest level to send (debug, info, warn, error)"),
});

export const logListQuery = pageQuery.extend({
  level: logLevel.optional().describe("Lowest level to list"),
  source: z.enum(["request", "job", "app"]).optional(),
  q: z.string().trim().min(1).max(200).optional().describe("Text the message or a field value contains"),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type LogListQuery = z.infer<typeof logListQuery>;
export const logList = pageOf(logRecord).extend({
  retention: z.object({ capacity: z.number().int(), held: z.number().int(), scope: z.literal("process") }),
});

export const logStats = z.object({
  total: z.number().int(),
  by_level: z.record(logLevel, z.number().int()),
  by_source: z.record(z.enum(["request", "job", "app"]), z.number().int()),
  requests: z.object({
    count: z.number().int(),
    by_status_class: z.record(z.string(), z.number().int()).describe("2xx, 3xx, 4xx, 5xx"),
    duration_ms: z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() }),
    top_routes: z.array(z.object({ route: z.string(), count: z.number().int() })),
  }),
  by_minute: z.array(z.object({ minute: z.string(), count: z.number().int() })),
  oldest: z.string().nullable(),
  newest: z.string().nullable(),
});
