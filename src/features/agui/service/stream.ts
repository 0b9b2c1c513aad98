import "server-only";
import { EventType, type AGUIEvent } from "@ag-ui/core";
import type { EventBus } from "@/server/events";

/**
 * A thread's AG-UI events go to one bus stream, `agui:<thread id>`, run after run, so a client's
 * `Last-Event-ID` (a bus id `<ms>-<seq>`) finds its place whichever run it was following.
 */
export const threadStream = (threadId: string) => `agui:${threadId}`;

/** What the stream carries: the event, tagged with the run (task) it belongs to. */
export interface ThreadBusData {
  task: string;
  event: AGUIEvent;
}

/** Events a thread's stream keeps for replay (a long reply is thousands of tokens). */
const THREAD_STREAM_RETENTION = 20_000;
/** A thread's stream is forgotten this long after its last run ended (the messages stay in the database). */
const THREAD_STREAM_TTL_SECONDS = 24 * 60 * 60;

export const isRunEnd = (type: string) => type === EventType.RUN_FINISHED || type === EventType.RUN_ERROR;

/** The largest sequence number a bus id can have (Redis Streams' own limit, 2^64 - 1). */
const MAX_SEQ = "18446744073709551615";

/**
 * The cursor just before a bus id (`subscribe` is exclusive of its cursor), so a replay from it
 * begins with that event: `5-3` → `5-2`, `5-0` → `4-<max>`.
 */
export function cursorBefore(id: string): string {
  const [ms, seq] = id.split("-");
  if (BigInt(seq) > BigInt(0)) return `${ms}-${BigInt(seq) - BigInt(1)}`;
  if (BigInt(ms) > BigInt(0)) return `${BigInt(ms) - BigInt(1)}-${MAX_SEQ}`;
  return "0-0";
}

/**
 * Publishes one run's events. Events are sent without waiting for each (the bus keeps the order they
 * were sent in), so a token reaches the client as soon as the model produced it; `end` publishes the
 * last event once everything before it is out.
 */
export class RunPublisher {
  private pending: Promise<unknown>[] = [];
  private ended = false;

  constructor(
    private readonly bus: EventBus,
    readonly threadId: string,
    readonly taskId: string,
  ) {}

  /** Sends an event; resolves with its bus id once published (undefined if publishing failed, which is logged). */
  emit = (event: AGUIEvent): Promise<string | undefined> => {
    if (this.ended) return Promise.resolve(undefined);
    const data: ThreadBusData = { task: this.taskId, event: { ...event, timestamp: Date.now() } as AGUIEvent };
    const published = this.bus.publish(threadStream(this.threadId), event.type, data, { retention: THREAD_STREAM_RETENTION }).catch((error: unknown) => {
      console.error(`[agui] could not publish ${event.type} of run ${this.taskId}`, error);
      return undefined;
    });
    this.pending.push(published);
    return published;
  };

  /** The last event (RUN_FINISHED or RUN_ERROR): after it the run's part of the stream is complete. */
  async end(event: AGUIEvent) {
    this.emit(event);
    this.ended = true;
    await Promise.all(this.pending);
    await this.bus.expire(threadStream(this.threadId), THREAD_STREAM_TTL_SECONDS).catch(() => {});
  }
}
