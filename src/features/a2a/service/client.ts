import "server-only";
import { SendMessageRequest, TaskState, type Message, type Task } from "@a2a-js/sdk";
import { ClientFactory, DefaultAgentCardResolver, JsonRpcTransportFactory, RestTransportFactory, type Client } from "@a2a-js/sdk/client";
import type { A2aRemoteAgent } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import { guardedFetcher } from "@/server/outbound";
import type { TaskStateName } from "../schemas";
import { openHeaders } from "./credentials";

const fromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

/**
 * Deadlines, read on each use: one request to an outside agent (A2A_CALL_TIMEOUT_MS, 30 s; sends ask
 * the agent to answer at once with its task, so no request waits for the work), and how long a task
 * is followed before it is given up (A2A_TASK_TIMEOUT_MS, 10 minutes).
 */
export const a2aTimeouts = () => ({
  callMs: fromEnv("A2A_CALL_TIMEOUT_MS", 30_000),
  taskMs: fromEnv("A2A_TASK_TIMEOUT_MS", 10 * 60_000),
  pollMs: fromEnv("A2A_POLL_INTERVAL_MS", 1_000),
});
/** Bytes one response of an outside agent may have. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** An answer's text is cut here before it reaches a model, a workflow or a client. */
export const MAX_RESULT_CHARS = 100_000;

/**
 * The guarded client as the SDK's `fetch`, adding the agent's stored headers to every request
 * (the guarded client drops Authorization and API-key headers on a redirect to another origin).
 */
export function a2aFetch(headers: Record<string, string>, { timeoutMs = a2aTimeouts().callMs, maxBytes = MAX_RESPONSE_BYTES } = {}): typeof fetch {
  const guarded = guardedFetcher({ timeoutMs, maxBytes });
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    const merged = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((value, name) => merged.set(name, value));
    for (const [name, value] of Object.entries(headers)) if (!merged.has(name)) merged.set(name, value);
    return guarded(input, { ...init, headers: merged });
  }) as typeof fetch;
}

/** The SDK's factory over the guarded client: JSON-RPC or HTTP+JSON, v1.0 or (translated) v0.3 agents. */
export function clientFactory(headers: Record<string, string>) {
  const fetchImpl = a2aFetch(headers);
  const legacyCompat = { enabled: true };
  return new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat }), new RestTransportFactory({ fetchImpl, legacyCompat })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
    // Sends return the task at once (returnImmediately); the job then follows it with GetTask.
    clientConfig: { polling: true },
  });
}

/** A client for a stored agent, acting with its owner's stored headers. */
export async function clientFor(row: A2aRemoteAgent): Promise<Client> {
  try {
    return await clientFactory(openHeaders(row.userId, row.headersEnc)).createFromAgentCard(row.card as never);
  } catch (error) {
    throw new AppError("BAD_GATEWAY", `Cannot talk to ${row.name}: ${messageOf(error)}`);
  }
}

export const userMessage = (messageId: string, text: string) =>
  SendMessageRequest.fromJSON({ message: { messageId, role: "ROLE_USER", parts: [{ text }] }, configuration: { acceptedOutputModes: ["text/plain", "application/json"], returnImmediately: true } });

/** What the outside agent answered, as Atrium keeps it. */
export interface RemoteOutcome {
  state: TaskStateName;
  remoteTaskId: string | null;
  contextId: string | null;
  text: string;
}

type AnyPart = { content?: { $case: string; value: unknown }; text?: unknown; data?: unknown; url?: unknown };

function partText(part: AnyPart): string {
  const c = part.content;
  if (c?.$case === "text") return String(c.value);
  if (c?.$case === "data") return JSON.stringify(c.value);
  if (c?.$case === "url") return `[file: ${String(c.value)}]`;
  if (typeof part.text === "string") return part.text;
  if (part.data !== undefined) return JSON.stringify(part.data);
  if (typeof part.url === "string") return `[file: ${part.url}]`;
  return "";
}

const textOf = (parts: unknown) => (Array.isArray(parts) ? (parts as AnyPart[]).map(partText).filter(Boolean).join("\n") : "");
const clip = (text: string) => (text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}… (truncated)` : text);

/** A2A's task state (the SDK's enum number, or the wire's `TASK_STATE_*` string) as Atrium's name. */
export function stateName(state: unknown): TaskStateName {
  const key = typeof state === "number" ? TaskState[state] : String(state ?? "");
  const name = key.replace(/^TASK_STATE_/, "").toLowerCase();
  const known: Record<string, TaskStateName> = {
    submitted: "submitted", working: "working", input_required: "input_required", auth_required: "auth_required",
    completed: "completed", failed: "failed", canceled: "canceled", cancelled: "canceled", rejected: "rejected",
  };
  return known[name] ?? "working";
}

/** A send's or a GetTask's result: a message is a finished answer; a task says its state. */
export function outcomeOf(result: Message | Task): RemoteOutcome {
  if ("parts" in result && !("status" in result)) {
    return { state: "completed", remoteTaskId: null, contextId: result.contextId || null, text: clip(textOf(result.parts)) };
  }
  const task = result as Task;
  const artifacts = (task.artifacts ?? []).map((a) => textOf(a.parts)).filter(Boolean).join("\n");
  const status = textOf(task.status?.message?.parts);
  return { state: stateName(task.status?.state), remoteTaskId: task.id || null, contextId: task.contextId || null, text: clip(artifacts || status) };
}

export function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.detail;
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}
