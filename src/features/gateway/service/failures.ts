import { APICallError, RetryError } from "ai";
import { AppError } from "@/server/errors";
import { describeModelError, isAbort } from "@/server/llm";

/**
 * What a provider failure means for the router:
 * - `retry`: 408/409/429/5xx or no answer at all; worth another attempt on the same provider, then the next;
 * - `fallback`: the provider refused us (401/403/404 from its key or its model name); try the next provider;
 * - `client`: the request itself is wrong (400/413/422): every provider would refuse it, so it goes back to the caller;
 * - `config`: the model config cannot be called at all (its host does not resolve, or is a private
 *   address the outbound rules refuse): the next provider is tried; the caller must fix the config.
 */
export type FailureKind = "retry" | "fallback" | "client" | "config" | "aborted";

export interface ProviderFailure {
  kind: FailureKind;
  status: number | null;
  message: string;
  /** Milliseconds the provider asked us to wait (Retry-After), when it said. */
  retryAfterMs: number | null;
}

export function classifyFailure(error: unknown, signal?: AbortSignal): ProviderFailure {
  const message = describeModelError(error).message;
  if (signal?.aborted || isAbort(error)) return { kind: "aborted", status: null, message, retryAfterMs: null };
  const refused = guardRefusal(error);
  if (refused) return { kind: "config", status: null, message: refused, retryAfterMs: null };
  const api = apiCallError(error);
  const status = api?.statusCode ?? null;
  const retryAfterMs = api ? retryAfterOf(api.responseHeaders) : null;
  if (status === null) return { kind: "retry", status, message, retryAfterMs };
  if (status === 408 || status === 409 || status === 429 || status >= 500) return { kind: "retry", status, message, retryAfterMs };
  if (status === 401 || status === 402 || status === 403 || status === 404) return { kind: "fallback", status, message, retryAfterMs };
  return { kind: "client", status, message, retryAfterMs };
}

function apiCallError(error: unknown): APICallError | null {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (APICallError.isInstance(current)) return current;
    current = RetryError.isInstance(current) ? current.lastError : (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The outbound guard's 4xx (unresolvable host, refused address) somewhere in the cause chain. */
function guardRefusal(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof AppError) return current.status < 500 ? current.detail : null;
    current = RetryError.isInstance(current) ? current.lastError : (current as { cause?: unknown }).cause;
  }
  return null;
}

function retryAfterOf(headers: Record<string, string> | undefined): number | null {
  const value = headers?.["retry-after-ms"] ?? headers?.["retry-after"];
  if (!value) return null;
  const n = Number(value);
  if (Number.isFinite(n)) return headers?.["retry-after-ms"] ? n : n * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

/** Exponential backoff with full jitter; a provider's Retry-After wins when it is at most 5 s. */
export function backoffMs(attempt: number, baseMs: number, retryAfterMs: number | null, random = Math.random) {
  if (retryAfterMs !== null && retryAfterMs <= 5000) return retryAfterMs;
  const ceiling = baseMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits, or stops early when the caller goes away. */
export function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
