"use client";

import { useRef, useState } from "react";
import { streamChat, streamEdit } from "./stream-chat";
import type { Turn } from "./types";

const localId = () => `local-${Math.random().toString(36).slice(2)}`;

/**
 * The turns sent and streamed in this browser session, on top of whatever history the panel shows.
 * `send` streams one reply; `stop` aborts it (the server cancels the model call).
 */
export function useChat(agentId: string | null, sessionId: string | null, onSession: (id: string) => void) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [streaming, setStreaming] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const runId = useRef<string | null>(null);

  const patchLast = (fn: (t: Turn) => Turn) => setTurns((all) => all.map((t, i) => (i === all.length - 1 ? fn(t) : t)));

  /** Send `message`; with `editOf` (a stored user message id) it replaces that message in a new branch. */
  async function send(message: string, editOf?: string) {
    const abort = new AbortController();
    controller.current = abort;
    setStreaming(true);
    setTurns((all) => [
      ...all,
      { id: localId(), role: "user", content: message, tool_calls: [], status: "complete" },
      { id: localId(), role: "assistant", content: "", tool_calls: [], status: "streaming" },
    ]);
    try {
      const handlers: Parameters<typeof streamChat>[2] = {
        onSession,
        onToken: (content) => patchLast((t) => ({ ...t, content: t.content + content })),
        onToolCall: (call) => patchLast((t) => ({ ...t, tool_calls: [...t.tool_calls, { ...call, pending: true }] })),
        onToolResult: (r) =>
          patchLast((t) => ({ ...t, tool_calls: t.tool_calls.map((c) => (c.id === r.id ? { ...c, result: r.result, pending: false } : c)) })),
        onDone: (d) => {
          onSession(d.session_id);
          patchLast((t) => ({ ...t, id: d.message_id, usage: d.token_usage, cost_micros: d.cost_micros, finish_reason: d.finish_reason, status: "complete" }));
        },
        onError: (error) => patchLast((t) => ({ ...t, status: "error", error })),
        onRun: (id) => (runId.current = id),
        onApprovalRequired: (a) => patchLast((t) => ({ ...t, approval: { id: a.approval_id, tool: a.tool, description: a.description, status: "pending" } })),
        onApprovalResolved: (a) => patchLast((t) => (t.approval?.id === a.approval_id ? { ...t, approval: { ...t.approval, status: a.status } } : t)),
      };
      if (editOf && sessionId) await streamEdit({ session_id: sessionId, from_message_id: editOf, message }, handlers, abort.signal);
      else await streamChat(agentId, { message, ...(sessionId ? { session_id: sessionId } : {}) }, handlers, abort.signal);
      patchLast((t) => (t.status === "streaming" ? { ...t, status: "error", error: "The connection closed before the reply finished" } : t));
    } catch (error) {
      const aborted = (error as Error).name === "AbortError";
      patchLast((t) => ({ ...t, status: aborted ? "aborted" : "error", error: aborted ? undefined : "Could not reach the server" }));
    } finally {
      controller.current = null;
      runId.current = null;
      setStreaming(false);
    }
  }

  /** Stop: closing the stream cancels a running reply; one waiting for an approval is cancelled explicitly (it outlives closed tabs). */
  function stop() {
    const id = runId.current;
    controller.current?.abort();
    if (id) void fetch(`/api/v1/agent-runs/${id}/cancel`, { method: "POST", credentials: "same-origin" }).catch(() => {});
  }

  return {
    turns,
    streaming,
    send,
    stop,
    reset: () => setTurns([]),
  };
}
