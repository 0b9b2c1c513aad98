import { createParser, type EventSourceMessage } from "eventsource-parser";

export interface SseClient {
  response: Response;
  /** Resolves with the next `count` events (waiting up to `timeoutMs`). */
  next(count?: number, timeoutMs?: number): Promise<EventSourceMessage[]>;
  /** Every event not yet taken, once the server has ended the stream. */
  rest(timeoutMs?: number): Promise<EventSourceMessage[]>;
  /** Hangs up, as a closed tab would. */
  close(): void;
}

/**
 * The one SSE reader of the integration suite: opens a stream with fetch (GET, or POST with a JSON
 * body) and parses it with a real SSE parser (eventsource-parser). A non-200 or non-SSE answer
 * throws with its body, so a test never waits on a stream that was refused.
 */
export async function openSse(url: string, headers: Record<string, string> = {}, json?: unknown): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: json === undefined ? "GET" : "POST",
    headers: { accept: "text/event-stream", ...(json === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: controller.signal,
  });
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
  let ended = false;
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted by close()
    }
    ended = true;
    wake?.();
  })();
  return {
    response,
    async next(count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length < count) {
        const left = deadline - Date.now();
        if (ended) throw new Error(`the stream ended after ${queue.length} event(s): ${JSON.stringify(queue)}`);
        if (left <= 0) throw new Error(`expected ${count} SSE event(s), got ${queue.length}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(left, 100));
        });
      }
      return queue.splice(0, count);
    },
    async rest(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!ended) {
        if (Date.now() > deadline) throw new Error(`the stream did not end; got ${queue.length} event(s)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return queue.splice(0);
    },
    close() {
      controller.abort();
    },
  };
}
