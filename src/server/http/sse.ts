import type { BusEvent, EventBus } from "../events";
import { EVENT_ID_PATTERN } from "../events/bus";

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

/**
 * Streams a bus stream as Server-Sent Events: replays what came after Last-Event-ID, then live
 * events, with heartbeats; ends cleanly when the client goes away.
 */
export function streamBus(request: Request, bus: EventBus, stream: string, map: (e: BusEvent) => { event?: string; data: unknown } = (e) => ({ event: e.type, data: e.data })) {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort(), { once: true });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        if (abort.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          abort.abort();
        }
      };
      send(": connected\n\n");
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      abort.signal.addEventListener(
        "abort",
        () => {
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        },
        { once: true },
      );
      bus.subscribe(stream, lastEventIdOf(request), (event) => send(formatSse({ id: event.id, ...map(event) })), abort.signal);
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
