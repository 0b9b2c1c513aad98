import "server-only";
import { guardedFetch } from "@/server/outbound";

/** The most of an external agent's reply that is read. */
const MAX_REPLY_BYTES = 1024 * 1024;

export interface AgentReply {
  result: unknown;
  artifacts: string[];
}

/** An agent's own failure (it answered, with an error): the task fails with its code and message. */
export class AgentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends a task to an external agent as seed 001's AgentMessage (POST, JSON) through the guarded
 * outbound client (SSRF rules, deadline, size cap) and reads its answer: an AgentMessage-like
 * `{result, artifacts?}` or `{error: {code, message}}`, any other JSON (the result as is), or text.
 * Unreachable endpoints fail with the guard's AppError (the caller marks the agent offline).
 */
export async function callExternalAgent(endpoint: string, message: object, timeoutMs: number, signal: AbortSignal): Promise<AgentReply> {
  const response = await guardedFetch(
    endpoint,
    { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/plain;q=0.9" }, body: JSON.stringify(message), signal },
    { timeoutMs, maxBytes: MAX_REPLY_BYTES, maxRedirects: 0 },
  );
  const text = await response.text();
  const body = parseJson(text, response.headers.get("content-type"));
  if (!response.ok) {
    const failure = errorOf(body);
    throw new AgentFailure(failure?.code ?? "AGENT_ERROR", failure?.message ?? `The agent answered ${response.status}${text ? `: ${text.slice(0, 300)}` : ""}`);
  }
  if (body === undefined) return { result: text, artifacts: [] };
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const failure = errorOf(body);
    if (failure && record.result === undefined) throw new AgentFailure(failure.code, failure.message);
    if ("result" in record) {
      const artifacts = Array.isArray(record.artifacts) ? record.artifacts.filter((a): a is string => typeof a === "string").slice(0, 20) : [];
      return { result: record.result ?? null, artifacts };
    }
  }
  return { result: body, artifacts: [] };
}

function parseJson(text: string, contentType: string | null): unknown {
  if (!text.trim() || !/json/i.test(contentType ?? "")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOf(body: unknown): { code: string; message: string } | null {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof error === "string") return { code: "AGENT_ERROR", message: error.slice(0, 1000) };
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: typeof code === "string" ? code.slice(0, 100) : "AGENT_ERROR", message: typeof message === "string" ? message.slice(0, 1000) : "The agent reported an error" };
  }
  return null;
}
