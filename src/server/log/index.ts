import pino, { type Logger } from "pino";
import { env } from "../env";
import { LogRing, levelRank, type LogLevel, type LogSource } from "./ring";

export { LOG_LEVELS, RING_SIZE, recordEventId, seqOfEventId, type LogLevel, type LogRecord, type LogSource } from "./ring";

/**
 * Structured logs. Every record goes to two places:
 * - stdout as pino JSON lines, at LOG_LEVEL (default `info`; `silent` under Vitest unless LOG_LEVEL
 *   is set). Written asynchronously (sonic-boom) in batches of ~4 KB, flushed at least every 250 ms
 *   and on exit: one write per request line cost a busy API server a tenth of its throughput;
 * - the process's bounded ring (./ring.ts, the last 5,000 records at info and above, or debug when
 *   LOG_LEVEL is debug), read by `GET /api/logs/stream` and `/api/v1/system-logs`.
 * Keep calls cheap: they run on every request. Pass fields, not pre-built strings or bodies.
 */
interface LogState {
  ring: LogRing;
  pino?: Logger;
  ringFloor?: number;
}
const state = ((globalThis as unknown as { atriumLog?: LogState }).atriumLog ??= { ring: new LogRing() });

export const logRing = () => state.ring;

function configuredLevel(): string {
  const level = env().LOG_LEVEL;
  if (level) return level;
  return process.env.VITEST ? "silent" : "info";
}

function out(): Logger {
  if (!state.pino) {
    const level = configuredLevel();
    state.pino = pino(
      { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
      pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }),
    );
    state.ringFloor = level === "debug" || level === "trace" ? levelRank("debug") : levelRank("info");
  }
  return state.pino;
}

/** Error → plain fields (type, message; the stack only to stdout). */
function errorFields(error: unknown) {
  if (error instanceof Error) return { type: error.name, message: error.message };
  return { type: typeof error, message: String(error) };
}

function write(level: LogLevel, source: LogSource, msg: string, fields: Record<string, unknown> = {}) {
  const logger = out();
  const { err, ...rest } = fields;
  if (levelRank(level) >= state.ringFloor!) state.ring.push(level, source, msg, err === undefined ? rest : { ...rest, err: errorFields(err) });
  if (logger.isLevelEnabled(level)) logger[level]({ source, ...fields }, msg);
}

/** Application messages; pass an error as `err`. */
export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", "app", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", "app", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", "app", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", "app", msg, fields),
};

export interface RequestLog {
  requestId: string;
  userId: string | null;
  method: string;
  /** The route's pattern (`/agents/{id}`), never the raw path: ids stay out of the stats. */
  route: string;
  status: number;
  durationMs: number;
  /** A success's level when not info (liveness probes log at debug). */
  successLevel?: "debug";
}

/** One line per REST request; 5xx at error, 4xx at warn. */
export function logRequest(r: RequestLog) {
  const level: LogLevel = r.status >= 500 ? "error" : r.status >= 400 ? "warn" : (r.successLevel ?? "info");
  // Below both the ring's floor and stdout's level: nothing to build (the usual fate of a probe).
  if (levelRank(level) < state.ringFloor! && !out().isLevelEnabled(level)) return;
  write(level, "request", `${r.method} ${r.route} ${r.status}`, {
    request_id: r.requestId,
    user_id: r.userId,
    method: r.method,
    route: r.route,
    status: r.status,
    duration_ms: Math.round(r.durationMs * 10) / 10,
  });
}

/** A background job's start, end or failure. */
export function logJob(event: "started" | "succeeded" | "failed" | "cancelled" | "retrying", job: { name: string; id: string; attempt: number; durationMs?: number; err?: unknown }) {
  const level: LogLevel = event === "failed" ? "error" : event === "retrying" ? "warn" : "info";
  write(level, "job", `job ${job.name} ${event}`, {
    job: job.name,
    job_id: job.id,
    attempt: job.attempt,
    event,
    ...(job.durationMs === undefined ? {} : { duration_ms: Math.round(job.durationMs) }),
    ...(job.err === undefined ? {} : { err: job.err }),
  });
}
