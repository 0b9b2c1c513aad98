import "server-only";
import type { ServiceContext } from "@/server/context";
import { privateAddressesAllowed } from "@/server/outbound";
import { getRedis } from "@/server/redis";
import { SECURITY_SYSTEMS, type SecurityOverview, type SecuritySystem } from "../schemas";
import { assertAdmin } from "./access";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

type State = SecurityOverview["security_systems"][SecuritySystem];
type Report = Record<SecuritySystem, [State, string]>;

/**
 * GET /api/security: seed 000's sixteen systems, each answered from what Atrium does (read from the
 * code and the running configuration, never assumed). `not_applicable` marks a system for machinery
 * Atrium does not have (no WASM sandbox, no subprocesses, no peer protocol); `all_active` is true when
 * every system that applies is active.
 */
export async function securityOverview({ db, viewer }: ServiceContext): Promise<SecurityOverview> {
  assertAdmin(viewer);
  const [entries, checkpoints] = await Promise.all([db.auditEntry.count(), db.auditCheckpoint.count()]);
  const ssrfOpen = privateAddressesAllowed() === true;
  const report: Report = {
    merkle_audit_trail: [
      "active",
      `Security-relevant actions are appended to a sha256 hash chain in the same transaction as the action, each entry sealed with an HMAC, with HMAC-signed Merkle checkpoints every 256 entries; ${plural(entries, "entry", "entries")} and ${plural(checkpoints, "checkpoint", "checkpoints")} so far. GET /api/audit/verify walks it.`,
    ],
    taint_tracking: ["inactive", "Tool results (e.g. http_get bodies) go back to the model unmarked; nothing tracks untrusted data through a run."],
    wasm_dual_metering: ["not_applicable", "Atrium runs no WASM tools or skills; model calls are metered (tokens, cost, latency) in the usage ledger."],
    security_headers: [
      "active",
      "Every response carries a Content-Security-Policy (frame-ancestors 'none'), X-Content-Type-Options: nosniff, Referrer-Policy, X-Frame-Options: DENY, and HSTS over TLS (src/server/http/security-headers.mjs).",
    ],
    health_redaction: [
      "inactive",
      "GET /api/v1/health answers only {status}, but the public GET /api/v1/infra/health includes each failed probe's raw error message, which can name internal hosts and ports.",
    ],
    subprocess_sandbox: ["not_applicable", "Atrium starts no subprocesses for agents: the built-in tools run in-process and none executes shell commands or code."],
    manifest_signing: ["inactive", "Agent export documents (GET /agents/{id}/export) are plain JSON; imports are validated against the schema but not signed or signature-checked."],
    gcra_rate_limiter: [
      "active",
      `Not GCRA: fixed-window counters (rate-limiter-flexible, ${getRedis() ? "in Redis, shared by every instance" : "in process memory"}) on the identity routes, per client IP (RATE_LIMIT_AUTH_PER_IP a minute) and per e-mail address (RATE_LIMIT_AUTH_PER_EMAIL per 10 minutes), answering 429 with Retry-After. Other routes are not rate limited.`,
    ],
    secret_zeroization: [
      "inactive",
      "Provider keys are encrypted at rest (AES-256-GCM, bound to the owner) and decrypted only for a call, but JavaScript strings cannot be wiped: a decrypted key stays in memory until garbage collected.",
    ],
    path_traversal_prevention: ["not_applicable", "No endpoint or tool reads or writes files by a client-supplied path; there are no uploads or workspace files yet."],
    ssrf_protection: ssrfOpen
      ? ["inactive", "OUTBOUND_ALLOW_PRIVATE=1: outbound HTTP (model providers, http_get) may reach loopback and private addresses."]
      : [
          "active",
          "All outbound HTTP goes through guardedFetch: http(s) only, every non-public address (loopback, private, link-local, CGNAT, reserved, IPv4-embedding IPv6) refused at resolve and connect time, redirects re-checked, deadlines and a byte cap.",
        ],
    capability_inheritance_validation: [
      "active",
      "A tool call runs as the user who started the run (its ToolContext), so an agent, or an agent inside an orchestration or swarm, reaches only what that user may; agents list only built-in tools, checked by name.",
    ],
    ofp_hmac_auth: ["not_applicable", "Atrium speaks no peer-to-peer agent protocol between nodes; API clients authenticate with sessions, Bearer tokens or API keys."],
    prompt_injection_scanning: ["inactive", "Neither user messages nor tool results are scanned for prompt-injection patterns before they reach the model."],
    loop_guard: ["active", "Every agent turn stops after the agent's iteration_limit (1 to 50) model steps (stopWhen: stepCountIs) and reports finish_reason iteration_limit; a closed stream cancels the run."],
    session_repair: [
      "active",
      "Agent runs left running by a stopped process are ended at start (and every 30 s on Postgres by heartbeat) as failed with a last error event, so no chat session stays stuck mid-reply.",
    ],
  };
  const security_systems = Object.fromEntries(SECURITY_SYSTEMS.map((k) => [k, report[k][0]])) as SecurityOverview["security_systems"];
  const details = Object.fromEntries(SECURITY_SYSTEMS.map((k) => [k, report[k][1]])) as SecurityOverview["details"];
  const applicable = SECURITY_SYSTEMS.filter((k) => report[k][0] !== "not_applicable");
  return {
    security_systems,
    total_systems: SECURITY_SYSTEMS.length,
    all_active: applicable.every((k) => report[k][0] === "active"),
    details,
  };
}
