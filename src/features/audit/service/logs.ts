import "server-only";
import type { ServiceContext } from "@/server/context";
import { LOG_LEVELS, logRing, recordEventId, RING_SIZE, type LogLevel, type LogRecord } from "@/server/log";
import type { LogListQuery, LogRecordDto } from "../schemas";
import { assertAdmin } from "./access";

export const rank = (level: LogLevel) => LOG_LEVELS.indexOf(level);

export function toLogDto(r: LogRecord): LogRecordDto {
  return { id: recordEventId(r), seq: r.seq, time: new Date(r.time).toISOString(), level: r.level, source: r.source, msg: r.msg, fields: r.fields };
}

function matches(r: LogRecord, q: Omit<LogListQuery, "page" | "page_size">) {
  if (q.level && rank(r.level) < rank(q.level)) return false;
  if (q.source && r.source !== q.source) return false;
  if (q.from && r.time < Date.parse(q.from)) return false;
  if (q.to && r.time >= Date.parse(q.to)) return false;
  if (q.q) {
    const needle = q.q.toLowerCase();
    if (!r.msg.toLowerCase().includes(needle) && !Object.values(r.fields).some((v) => v !== null && typeof v !== "object" && String(v).toLowerCase().includes(needle))) return false;
  }
  return true;
}

/**
 * GET /api/v1/system-logs (and `/application`, which is the same without request lines): the
 * process's recent records (its ring: the last 5,000), newest first, filtered and paged.
 */
export function listLogs({ viewer }: ServiceContext, q: LogListQuery, only?: "application") {
  assertAdmin(viewer);
  const all = logRing().since();
  const hits = all.filter((r) => (only !== "application" || r.source !== "request") && matches(r, q)).reverse();
  const start = (q.page - 1) * q.page_size;
  return {
    items: hits.slice(start, start + q.page_size).map(toLogDto),
    total: hits.length,
    page: q.page,
    page_size: q.page_size,
    retention: { capacity: RING_SIZE, held: all.length, scope: "process" as const },
  };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

/** GET /api/v1/system-logs/stats: counts by level, source, status class and route; request timings; a per-minute series. */
export function logStats({ viewer }: ServiceContext) {
  assertAdmin(viewer);
  const all = logRing().since();
  const by_level = Object.fromEntries(LOG_LEVELS.map((l) => [l, 0])) as Record<LogLevel, number>;
  const by_source = { request: 0, job: 0, app: 0 };
  const byStatus: Record<string, number> = { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
  const routes = new Map<string, number>();
  const minutes = new Map<string, number>();
  const durations: number[] = [];
  for (const r of all) {
    by_level[r.level]++;
    by_source[r.source]++;
    const minute = new Date(r.time - (r.time % 60_000)).toISOString();
    minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
    if (r.source !== "request") continue;
    const status = Number(r.fields.status);
    const statusClass = `${Math.floor(status / 100)}xx`;
    if (statusClass in byStatus) byStatus[statusClass]++;
    const route = `${String(r.fields.method)} ${String(r.fields.route)}`;
    routes.set(route, (routes.get(route) ?? 0) + 1);
    durations.push(Number(r.fields.duration_ms) || 0);
  }
  durations.sort((a, b) => a - b);
  return {
    total: all.length,
    by_level,
    by_source,
    requests: {
      count: by_source.request,
      by_status_class: byStatus,
      duration_ms: { p50: percentile(durations, 50), p95: percentile(durations, 95), p99: percentile(durations, 99), max: durations[durations.length - 1] ?? 0 },
      top_routes: [...routes].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([route, count]) => ({ route, count })),
    },
    by_minute: [...minutes].map(([minute, count]) => ({ minute, count })),
    oldest: all.length ? new Date(all[0].time).toISOString() : null,
    newest: all.length ? new Date(all[all.length - 1].time).toISOString() : null,
  };
}
