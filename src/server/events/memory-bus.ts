import { EventEmitter } from "node:events";
import { compareIds, STREAM_RETENTION, type BusEvent, type EventBus, type PublishOptions } from "./bus";

/** In-process streams for the embedded default: ids like Redis's, a bounded history per stream. */
export class MemoryEventBus implements EventBus {
  private streams = new Map<string, BusEvent[]>();
  private emitter = new EventEmitter().setMaxListeners(0);
  private lastMs = 0;
  private seq = 0;

  private nextId() {
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.seq = 0;
    } else {
      this.seq += 1;
    }
    return `${this.lastMs}-${this.seq}`;
  }

  async publish(stream: string, type: string, data: unknown, options: PublishOptions = {}) {
    const event = { id: this.nextId(), type, data };
    const list = this.streams.get(stream) ?? [];
    list.push(event);
    const retention = options.retention ?? STREAM_RETENTION;
    if (list.length > retention) list.splice(0, list.length - retention);
    this.streams.set(stream, list);
    this.emitter.emit(stream, event);
    return event.id;
  }

  async readAfter(stream: string, afterId: string | undefined, limit = STREAM_RETENTION) {
    const list = this.streams.get(stream) ?? [];
    return (afterId ? list.filter((e) => compareIds(e.id, afterId) > 0) : list).slice(0, limit);
  }

  subscribe(stream: string, afterId: string | undefined, onEvent: (event: BusEvent) => void, signal: AbortSignal) {
    if (signal.aborted) return;
    // Publishing is synchronous here, so replaying then listening leaves no gap.
    if (afterId) for (const event of this.streams.get(stream)?.filter((e) => compareIds(e.id, afterId) > 0) ?? []) onEvent(event);
    const listener = (event: BusEvent) => onEvent(event);
    this.emitter.on(stream, listener);
    signal.addEventListener("abort", () => this.emitter.off(stream, listener), { once: true });
  }

  async expire(stream: string, seconds: number) {
    setTimeout(() => this.streams.delete(stream), seconds * 1000).unref();
  }

  async close() {
    this.emitter.removeAllListeners();
  }
}
