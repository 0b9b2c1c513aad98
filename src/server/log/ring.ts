/**
 * The last log records of this process, for the live log stream and the system-logs endpoints.
 * Bounded (RING_SIZE records, the oldest dropped first) and per process: with several Atrium
 * processes each answers with its own records; stdout (pino) is the complete, durable log.
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const levelRank = (level: LogLevel) => LOG_LEVELS.indexOf(level);

/** Where a record came from: a REST request, a background job, or the application's own messages. */
export type LogSource = "request" | "job" | "app";

export interface LogRecord {
  /** Increasing per process, from 1. */
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  level: LogLevel;
  source: LogSource;
  msg: string;
  fields: Record<string, unknown>;
}

export const RING_SIZE = 5_000;

type Listener = (record: LogRecord) => void;

export class LogRing {
  private records: (LogRecord | undefined)[];
  private next = 0;
  private seq = 0;
  private listeners = new Set<Listener>();

  constructor(readonly capacity = RING_SIZE) {
    this.records = new Array<LogRecord | undefined>(capacity);
  }

  push(level: LogLevel, source: LogSource, msg: string, fields: Record<string, unknown>) {
    const record: LogRecord = { seq: ++this.seq, time: Date.now(), level, source, msg, fields };
    this.records[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
    for (const listener of this.listeners) listener(record);
    return record;
  }

  /** Records with seq > `after`, oldest first. */
  since(after = 0): LogRecord[] {
    const out: LogRecord[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const record = this.records[(this.next + i) % this.capacity];
      if (record && record.seq > after) out.push(record);
    }
    return out;
  }

  get lastSeq() {
    return this.seq;
  }

  /** Calls `listener` with every new record until `signal` aborts. */
  subscribe(listener: Listener, signal: AbortSignal) {
    if (signal.aborted) return;
    this.listeners.add(listener);
    signal.addEventListener("abort", () => this.listeners.delete(listener), { once: true });
  }

  clear() {
    this.records.fill(undefined);
    this.next = 0;
  }
}

/** `<ms>-<seq>`: the event-id format of the rest of the SSE surface (see src/server/events/bus.ts). */
export const recordEventId = (r: LogRecord) => `${r.time}-${r.seq}`;
export const seqOfEventId = (id: string | undefined) => {
  const seq = Number(id?.split("-")[1]);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
};
