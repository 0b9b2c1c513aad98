import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { entryStats, listEntries, recentEntries } from "./service/entries";
import { streamLogs } from "./deliver";
import { listLogs, logStats } from "./service/logs";
import { securityOverview } from "./service/security";
import { verifyAudit } from "./service/verify";

const AUDIT = ["Audit"];
const LOGS = ["Logs"];

/** Seed 000's audit, security and log routes (the unversioned /api surface). Administrators only. */
export const auditUnversionedRoutes = [
  route({
    method: "GET", path: "/audit/recent", auth: "admin", tags: AUDIT,
    summary: "The newest audit entries (hash-chained), newest first",
    query: s.recentQuery, status: 200, response: s.recentResult, errors: [401, 403, 422],
    handler: (ctx, { query }) => recentEntries(ctx, query.limit),
  }),
  route({
    method: "GET", path: "/audit/verify", auth: "admin", tags: AUDIT,
    summary: "Verify the audit chain: links, hashes, seals and signed checkpoints",
    description: "Walks the whole chain page by page. `status` is `valid`, or `broken` with the first broken entry's id and the reason (`altered`, `deleted`, `inserted`, `checkpoint`).",
    status: 200, response: s.verifyResult, errors: [401, 403],
    handler: (ctx) => verifyAudit(ctx),
  }),
  route({
    method: "GET", path: "/security", auth: "admin", tags: AUDIT,
    summary: "The sixteen security systems and whether each is active here",
    status: 200, response: s.securityOverview, errors: [401, 403],
    handler: (ctx) => securityOverview(ctx),
  }),
  route({
    method: "GET", path: "/logs/stream", auth: "admin", tags: LOGS,
    summary: "Structured log records as Server-Sent Events (level filter, resume with Last-Event-ID)",
    description: "Events `log` with a record (`id`, `time`, `level`, `source`: request|job|app, `msg`, `fields`). Records come from this process's ring of the last 5,000. Heartbeat comments every 15 s.",
    query: s.logStreamQuery, status: 200, errors: [401, 403, 422],
    handler: async (ctx, { query }) => streamLogs(ctx, ctx.request, query.level),
  }),
];

/** Seed 004's audit-logs (2) and system-logs (3) modules under /api/v1. Administrators only. */
export const auditV1Routes = [
  route({
    method: "GET", path: "/audit-logs", auth: "admin", tags: AUDIT,
    summary: "Audit log entries, newest first, filtered by event type, actor and time",
    query: s.auditListQuery, status: 200, response: s.auditList, errors: [401, 403, 422],
    handler: (ctx, { query }) => listEntries(ctx, query),
  }),
  route({
    method: "GET", path: "/audit-logs/stats", auth: "admin", tags: AUDIT,
    summary: "Audit statistics: totals by event type and per day",
    query: s.statsQuery, status: 200, response: s.auditStats, errors: [401, 403, 422],
    handler: (ctx, { query }) => entryStats(ctx, query.days),
  }),
  route({
    method: "GET", path: "/system-logs", auth: "admin", tags: LOGS,
    summary: "Unified logs: requests, jobs and application messages of this process, newest first",
    description: "Kept in memory per process (the last 5,000 records; `retention` says how many are held). stdout has the complete log.",
    query: s.logListQuery, status: 200, response: s.logList, errors: [401, 403, 422],
    handler: async (ctx, { query }) => listLogs(ctx, query),
  }),
  route({
    method: "GET", path: "/system-logs/stats", auth: "admin", tags: LOGS,
    summary: "Log statistics: by level, source, status class and route, request timings, per minute",
    status: 200, response: s.logStats, errors: [401, 403],
    handler: async (ctx) => logStats(ctx),
  }),
  route({
    method: "GET", path: "/system-logs/application", auth: "admin", tags: LOGS,
    summary: "Application logs: job and application records, without the per-request lines",
    query: s.logListQuery, status: 200, response: s.logList, errors: [401, 403, 422],
    handler: async (ctx, { query }) => listLogs(ctx, query, "application"),
  }),
];
