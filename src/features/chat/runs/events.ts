import "server-only";
import type { z } from "zod";
import type { EventBus } from "@/server/events";
import { phase } from "@/server/perf/phases";

/** Every event of a run goes to this bus stream, in order, ending with `done` or `error`. */
export const runStream = (runId: string) => `run:${runId}`;

/** A run's stream keeps every event (a long reply is thousands of tokens) for late reconnects... */
const RUN_STREAM_RETENTION = 50_000;
/** ...for an hour after the run ended. */
const RUN_STREAM_TTL_SECONDS = 60 * 60;

export const isTerminalEvent = (event: { type: string }) => event.type === "done" || event.type === "error";

export type Emit = (type: string, data: unknown) => void;

/**
 * An emit held to a documented event map (the zod schemas the API documents and the tests parse
 * events with): only its event names, each with its payload's shape, type-check. The run executor's
 * plain `Emit` is passed where one is expected.
 */
export type TypedEmit<M extends Record<string, z.ZodType>> = <K extends keyof M & string>(type: K, data: z.input<M[K]>) => void;

/**
 * Publishes a run's events. Events are sent without waiting for each (the bus keeps the order they
 * were sent in), so a token reaches the client as soon as the model produced it.
 */
export class RunEvents {
  private pending: Promise<unknown>[] = [];
  private ended = false;
  private held: [string, unknown][] | null = null;

  constructor(
    private readonly bus: EventBus,
    readonly runId: string,
    /** Events wait for this (the run being claimed) and are dropped when it says no. */
    gate?: Promise<boolean>,
    /** Called once, when the first event has been handed to the bus. */
    private onFirstEvent?: () => void,
  ) {
    if (!gate) return;
    this.held = [];
    void gate.then(
      (open) => this.release(open),
      () => this.release(false),
    );
  }

  private release(open: boolean) {
    const held = this.held ?? [];
    this.held = null;
    if (!open) this.ended = true;
    for (const [type, data] of held) this.emit(type, data);
  }

  emit: Emit = (type, data) => {
    if (this.ended) return;
    if (this.held) {
      this.held.push([type, data]);
      return;
    }
    if (this.pending.length === 0) phase("first event published");
    if (this.onFirstEvent) {
      this.onFirstEvent();
      this.onFirstEvent = undefined;
    }
    this.pending.push(
      this.bus.publish(runStream(this.runId), type, data, { retention: RUN_STREAM_RETENTION }).catch((error: unknown) => {
        console.error(`[runs] could not publish ${type} of run ${this.runId}`, error);
      }),
    );
  };

  /** Waits until every event sent so far is published (a run that waits for approval ends its job here). */
  async flush() {
    await Promise.all(this.pending);
  }

  /** The last event: after it the stream is complete. */
  async end(type: "done" | "error", data: unknown) {
    this.emit(type, data);
    this.ended = true;
    await Promise.all(this.pending);
    await this.bus.expire(runStream(this.runId), RUN_STREAM_TTL_SECONDS).catch(() => {});
  }
}
