/**
 * The event bus: named streams of events with ids `<ms>-<seq>` (Redis Streams' own format), so an
 * SSE client's `Last-Event-ID` resumes the same way on either implementation:
 * in memory for the embedded default, Redis Streams when REDIS_URL is set (shared by instances).
 */
export interface BusEvent<T = unknown> {
  id: string;
  type: string;
  data: T;
}

export interface PublishOptions {
  /** Events the stream keeps for replay (default STREAM_RETENTION); a run's stream keeps all of its tokens. */
  retention?: number;
}

export interface EventBus {
  /** Appends an event; returns its id. Events published in order (without awaiting each) keep that order. */
  publish(stream: string, type: string, data: unknown, options?: PublishOptions): Promise<string>;
  /** Events after `afterId` (exclusive), oldest first; from the start of what is kept when absent. */
  readAfter(stream: string, afterId: string | undefined, limit?: number): Promise<BusEvent[]>;
  /**
   * Delivers events newer than `afterId` (or, without one, those published from now on) until the
   * signal aborts. Replay and live delivery are seamless: nothing is missed or doubled.
   */
  subscribe(stream: string, afterId: string | undefined, onEvent: (event: BusEvent) => void, signal: AbortSignal): void;
  /** Forgets a finished stream after `seconds` (late reconnects still replay it until then). */
  expire(stream: string, seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** How many events a stream keeps for replay. */
export const STREAM_RETENTION = 1000;

export const EVENT_ID_PATTERN = /^\d+-\d+$/;

/** Compares two `<ms>-<seq>` ids numerically. */
export function compareIds(a: string, b: string) {
  const [am, as] = a.split("-").map(Number);
  const [bm, bs] = b.split("-").map(Number);
  return am - bm || as - bs;
}
