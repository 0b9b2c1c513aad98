import type { A2aTask } from "@/generated/prisma/client";

/**
 * A2A protocol 1.0's JSON shapes, written by hand so the tasks' rows, the bus and both surfaces share
 * one form (camelCase, enums as strings, empty fields left out, a part holds exactly one of text/data).
 * The JSON-RPC binding reads them back with the SDK's codecs (protocol/convert.ts).
 */
export type TaskState = "submitted" | "working" | "completed" | "failed" | "canceled";
export const OPEN_STATES: TaskState[] = ["submitted", "working"];
export const isEnded = (state: string) => !OPEN_STATES.includes(state as TaskState);

export const wireState = (state: string) => `TASK_STATE_${state === "canceled" ? "CANCELED" : state.toUpperCase()}`;
/** States after which a stream closes: terminal ones and the interrupted ones (input/auth required). */
export const CLOSING_WIRE_STATES = new Set(["TASK_STATE_COMPLETED", "TASK_STATE_FAILED", "TASK_STATE_CANCELED", "TASK_STATE_REJECTED", "TASK_STATE_INPUT_REQUIRED", "TASK_STATE_AUTH_REQUIRED"]);

export interface WirePart {
  text?: string;
  data?: unknown;
}
export interface WireMessage {
  messageId: string;
  role: "ROLE_USER" | "ROLE_AGENT";
  parts: WirePart[];
  contextId?: string;
  taskId?: string;
  metadata?: Record<string, unknown>;
}
export interface WireArtifact {
  artifactId: string;
  name?: string;
  parts: WirePart[];
}
export interface WireStatus {
  state: string;
  timestamp: string;
  message?: WireMessage;
}

/** The one artifact an agent's answer becomes. */
export const ANSWER_ARTIFACT_ID = "answer";
export const answerArtifact = (text: string): WireArtifact => ({ artifactId: ANSWER_ARTIFACT_ID, name: "answer", parts: [{ text }] });

export const agentMessage = (task: { id: string; contextId: string }, messageId: string, text: string): WireMessage => ({
  messageId,
  role: "ROLE_AGENT",
  parts: [{ text }],
  contextId: task.contextId,
  taskId: task.id,
});

/** The agent's answer text (completed) or why it did not answer (failed, canceled): the status message. */
function statusMessageOf(row: A2aTask): WireMessage | undefined {
  const history = (row.history ?? []) as unknown as WireMessage[];
  const last = history.at(-1);
  if (last?.role === "ROLE_AGENT") return last;
  if (row.error) return agentMessage(row, `${row.id}-status`, row.error);
  return undefined;
}

export function wireStatus(row: A2aTask): WireStatus {
  const message = statusMessageOf(row);
  return { state: wireState(row.state), timestamp: row.statusAt.toISOString(), ...(message ? { message } : {}) };
}

/**
 * A task as A2A 1.0 writes it. `historyLength`: absent = all, 0 = none, n = the newest n messages.
 * The metadata names the agent that answers (`agentId`, `agentName` when known).
 */
export function wireTask(row: A2aTask, options: { historyLength?: number; includeArtifacts?: boolean; agentName?: string } = {}) {
  const history = (row.history ?? []) as unknown as WireMessage[];
  const kept = options.historyLength === undefined ? history : options.historyLength <= 0 ? [] : history.slice(-options.historyLength);
  const artifacts = options.includeArtifacts === false ? [] : ((row.artifacts ?? []) as unknown as WireArtifact[]);
  return {
    id: row.id,
    contextId: row.contextId,
    status: wireStatus(row),
    ...(artifacts.length ? { artifacts } : {}),
    ...(kept.length ? { history: kept } : {}),
    metadata: { agentId: row.agentId, ...(options.agentName ? { agentName: options.agentName } : {}) },
  };
}

export type WireEvent =
  | { statusUpdate: { taskId: string; contextId: string; status: WireStatus } }
  | { artifactUpdate: { taskId: string; contextId: string; artifact: WireArtifact; append?: boolean; lastChunk?: boolean } };

export const statusEvent = (row: A2aTask): WireEvent => ({ statusUpdate: { taskId: row.id, contextId: row.contextId, status: wireStatus(row) } });

export const artifactEvent = (task: { id: string; contextId: string }, text: string, append: boolean, lastChunk: boolean): WireEvent => ({
  artifactUpdate: { taskId: task.id, contextId: task.contextId, artifact: answerArtifact(text), ...(append ? { append } : {}), ...(lastChunk ? { lastChunk } : {}) },
});

/** Whether a stream of this task ends after this event. */
export function closesStream(event: unknown) {
  const state = (event as { statusUpdate?: { status?: { state?: string } } } | null)?.statusUpdate?.status?.state;
  return state !== undefined && CLOSING_WIRE_STATES.has(state);
}
