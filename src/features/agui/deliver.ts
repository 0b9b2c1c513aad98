import "server-only";
import { EventEncoder } from "@ag-ui/encoder";
import type { BusEvent, EventBus } from "@/server/events";
import { HEARTBEAT_MS, lastEventIdOf } from "@/server/http/sse";
import { isRunEnd, threadStream, type ThreadBusData } from "./service/stream";

const encoder = new EventEncoder();

export interface DeliverOptions {
  /** Only this run's events (ignored when the client sent Last-Event-ID)... */
  task?: string;
  /** ...read from this cursor on (default "0-0": the start of what the stream keeps). */
  from?: string;
  /** `id:` and `event:` lines before each `data:` line (seed 003's events endpoint; HttpAgent ignores them). */
  withIds: boolean;
  /** The client went away before the run's last event. */
  onClientGone?: () => void;
}

/**
 * A thread's AG-UI events as Server-Sent Events, each `data:` line written by @ag-ui/encoder (LF line
 * endings only: `@ag-ui/client` does not read CRLF). With Last-Event-ID (`^\d+-\d+$`): exactly the
 * events after it, then live ones; without it: the named run's events from its RUN_STARTED. The
 * response ends right after the run's last event (RUN_FINISHED or RUN_ERROR).
 */
export function deliverThread(request: Request, bus: EventBus, threadId: string, options: DeliverOptions) {
  const text = new TextEncoder();
  const resumeAfter = lastEventIdOf(request);
  const task = resumeAfter ? undefined : options.task;
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort(), { once: true });
  let finished = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (chunk: string) => {
        if (!open) return;
        try {
          controller.enqueue(text.encode(chunk));
        } catch {
          abort.abort();
        }
      };
      const close = () => {
        clearInterval(heartbeat);
        if (!open) return;
        open = false;
        try {
          controller.close();
        } catch {
          // the client already went away
        }
      };
      const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      abort.signal.addEventListener(
        "abort",
        () => {
          if (!finished) options.onClientGone?.();
          close();
        },
        { once: true },
      );
      const onEvent = (raw: BusEvent) => {
        if (finished) return;
        const { task: of, event } = raw.data as ThreadBusData;
        if (task && of !== task) return;
        const head = options.withIds ? `id: ${raw.id}\nevent: ${event.type}\n` : "";
        write(head + encoder.encodeSSE(event));
        if (isRunEnd(event.type)) {
          finished = true;
          abort.abort();
        }
      };
      bus.subscribe(threadStream(threadId), resumeAfter ?? options.from ?? "0-0", onEvent, abort.signal);
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}

/** An event stream with nothing in it, ended at once. */
export function emptyEventStream() {
  return new Response("", { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" } });
}
