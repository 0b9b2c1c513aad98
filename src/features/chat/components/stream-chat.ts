import { createParser } from "eventsource-parser";

export interface StreamHandlers {
  onSession(sessionId: string): void;
  onToken(content: string): void;
  onToolCall(call: { id: string; name: string; arguments: unknown }): void;
  onToolResult(result: { id: string; name: string; result: unknown }): void;
  onDone(done: { session_id: string; message_id: string; token_usage: { input_tokens: number; output_tokens: number }; cost_micros?: number; finish_reason: string }): void;
  onError(message: string): void;
}

/**
 * POST a message to the agent-chat SSE endpoint (same origin, session cookie) and feed its events to
 * `handlers`. EventSource cannot POST, so this reads the fetch body with eventsource-parser.
 * Resolves when the stream ends; an abort (the Stop button) rejects with an AbortError.
 */
export async function streamChat(agentId: string | null, body: { message: string; session_id?: string }, handlers: StreamHandlers, signal: AbortSignal) {
  const url = agentId ? `/api/v1/agent-chat/${agentId}/stream` : "/api/v1/agent-chat/bare/stream";
  return streamTo(url, body, handlers, signal);
}

/** Edit a user message into a new sibling branch and stream the agent's reply (same events as chat). */
export async function streamEdit(body: { session_id: string; from_message_id: string; message: string }, handlers: StreamHandlers, signal: AbortSignal) {
  return streamTo("/api/v1/agent-chat/branches", body, handlers, signal);
}

async function streamTo(url: string, body: object, handlers: StreamHandlers, signal: AbortSignal) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    credentials: "same-origin",
    signal,
  });
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => null)) as { detail?: string; title?: string } | null;
    handlers.onError(problem?.detail ?? problem?.title ?? `The server answered ${response.status}`);
    return;
  }
  const sessionId = response.headers.get("x-session-id");
  if (sessionId) handlers.onSession(sessionId);

  const parser = createParser({
    onEvent(event) {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      switch (event.event) {
        case "token":
          handlers.onToken((data as { content: string }).content);
          break;
        case "tool_call":
          handlers.onToolCall(data as Parameters<StreamHandlers["onToolCall"]>[0]);
          break;
        case "tool_result":
          handlers.onToolResult(data as Parameters<StreamHandlers["onToolResult"]>[0]);
          break;
        case "done":
          handlers.onDone(data as Parameters<StreamHandlers["onDone"]>[0]);
          break;
        case "error":
          handlers.onError((data as { message: string }).message);
          break;
      }
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
}
