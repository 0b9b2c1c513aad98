import type { BusEvent, EventBus } from "../events";
import { EVENT_ID_PATTERN } from "../events/bus";
import { log } from "../log";

/** Comment lines keep proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

export function formatSse(event: { id?: string; event?: string; data: unknown }) {
  const lines: string[] = [];
  if (event.id) lines.push(`id: ${event.id}`);
  if (event.event) lines.push(`event: ${event.event}`);
  const data = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  for (const line of data.split("\n")) lines.push(`data: ${line}`);
  return lines.join("\n") + "\n\n";
}

/** The resume cursor a client sent (header, or `lastEventId` query for EventSource polyfills). */
export function lastEventIdOf(request: Request): string | undefined {
  const value = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId") ?? undefined;
  return value && EVENT_ID_PATTERN.test(value) ? value : undefined;
}

export type SendEvent = (event: string, data: unknown, id?: string) => void;

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/**
 * A Server-Sent Events response around some work: `send` writes events, a heartbeat comment keeps
 * the connection alive, the work's signal aborts when the client goes away, and the stream closes
 * once the work settles. The work reports its own failures as events; anything it throws is logged.
 */
export function sseResponse(request: Request, work: (send: SendEvent, signal: AbortSignal) => Promise<void>, headers: Record<string, string> = {}) {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (chunk: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          open = false;
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
      write(": connected\n\n");
      const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      abort.signal.addEventListener("abort", close, { once: true });
      void work((event, data, id) => write(formatSse({ id, event, data })), abort.signal)
        .catch((error: unknown) => log.error("SSE stream failed", { err: error }))
        .finally(close);
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(body, { headers: { ...SSE_HEADERS, ...headers } });
}

type EventMap = (e: BusEvent) => { event?: string; data: unknown };

export interface StreamBusOptions {
  map?: EventMap;
  /** Where to start when the client sent no Last-Event-ID: "0-0" replays the whole stream; absent, only new events. */
  from?: string;
  /** The stream is complete after an event for which this holds: the response ends right after it. */
  isLast?: (event: BusEvent) => boolean;
  /** The client went away before the last event. */
  onClientGone?: () => void;
  headers?: Record<string, string>;
}

/**
 * Streams a bus stream as Server-Sent Events: replays what came after Last-Event-ID, then live
 * events, until the client goes away (or, with `isLast`, until the stream's last event).
 */
export function streamBus(request: Request, bus: EventBus, stream: string, mapOrOptions: EventMap | StreamBusOptions = {}) {
  const options = typeof mapOrOptions === "function" ? { map: mapOrOptions } : mapOrOptions;
  const map = options.map ?? ((e: BusEvent) => ({ event: e.type, data: e.data }));
  return sseResponse(
    request,
    (send, signal) =>
      new Promise<void>((resolve) => {
        const done = new AbortController();
        const finish = () => {
          done.abort();
          resolve();
        };
        signal.addEventListener(
          "abort",
          () => {
            if (!done.signal.aborted) options.onClientGone?.();
            finish();
          },
          { once: true },
        );
        bus.subscribe(
          stream,
          lastEventIdOf(request) ?? options.from,
          (event) => {
            if (done.signal.aborted) return;
            const { event: name, data } = map(event);
            send(name ?? "message", data, event.id);
            if (options.isLast?.(event)) finish();
          },
          done.signal,
        );
      }),
    options.headers,
  );
}
