import { createParser } from "eventsource-parser";

export interface StreamHandlers {
  onSession(sessionId: string): void;
  onToken(content: string): void;
  onToolCall(call: { id: string; name: string; arguments: unknown }): void;
  onToolResult(result: { id: string; name: string; result: unknown }): void;
  onDone(done: { session_id: string; message_id: string; token_usage: { input_tokens: number; output_tokens: number }; cost_micros?: number; finish_reason: string }): void;
  onError(message: string): void;
  /** The run waits for the owner's approval of a tool call (the stream stays open meanwhile). */
  onApprovalRequired?(request: { approval_id: string; tool_call_id: string; tool: string; arguments: unknown; description: string }): void;
  onApprovalResolved?(resolved: { approval_id: string; status: "approved" | "rejected" | "expired" }): void;
  /** The run's id (from `X-Run-Id`), to cancel it. */
  onRun?(runId: string): void;
}

/** How often a dropped stream is reopened (at the run's events, after the last event seen) before giving up. */
const RECONNECTS = 5;

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

/**
 * Reads the run's stream; when the connection drops before the last event (a phone asleep, a
 * proxy timeout while the run waits for an approval), reopens the run's event stream with
 * Last-Event-ID, so the reply goes on exactly where it was.
 */
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
  const runId = response.headers.get("x-run-id");
  if (runId) handlers.onRun?.(runId);
  const state = { lastEventId: undefined as string | undefined, ended: false };
  try {
    await readEvents(response, handlers, state);
  } catch (error) {
    if (signal.aborted || !runId) throw error;
  }
  for (let attempt = 1; runId && !state.ended && !signal.aborted && attempt <= RECONNECTS; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    const again = await fetch(`/api/v1/agent-runs/${runId}/events`, {
      headers: { accept: "text/event-stream", ...(state.lastEventId ? { "last-event-id": state.lastEventId } : {}) },
      credentials: "same-origin",
      signal,
    }).catch(() => null);
    if (again?.ok && again.body) await readEvents(again, handlers, state).catch(() => {});
  }
}

async function readEvents(response: Response, handlers: StreamHandlers, state: { lastEventId: string | undefined; ended: boolean }) {
  const parser = createParser({
    onEvent(event) {
      if (event.id) state.lastEventId = event.id;
      if (event.event === "done" || event.event === "error") state.ended = true;
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
        case "approval_required":
          handlers.onApprovalRequired?.(data as Parameters<NonNullable<StreamHandlers["onApprovalRequired"]>>[0]);
          break;
        case "approval_resolved":
          handlers.onApprovalResolved?.(data as Parameters<NonNullable<StreamHandlers["onApprovalResolved"]>>[0]);
          break;
      }
    },
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
}
