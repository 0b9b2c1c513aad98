import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface SseClient {
  /** Resolves with the next `count` events (waiting up to `timeoutMs`). */
  next(count?: number, timeoutMs?: number): Promise<EventSourceMessage[]>;
  close(): void;
}

/** Opens an SSE stream with fetch and parses it with a real SSE parser (eventsource-parser). */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  if (response.status !== 200) throw new Error(`SSE answered ${response.status}: ${await response.text()}`);
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) throw new Error("not an event stream");
  const queue: EventSourceMessage[] = [];
  let wake: (() => void) | undefined;
  const parser = createParser({
    onEvent(event) {
      queue.push(event);
      wake?.();
    },
  });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted by close()
    }
  })();
  return {
    async next(count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} SSE event(s), got ${queue.length}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 100));
        });
      }
      return queue.splice(0, count);
    },
    close() {
      controller.abort();
    },
  };
}
