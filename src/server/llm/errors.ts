import { APICallError, RetryError } from "ai";
import { AppError } from "../errors";
import { SecretDecryptionError } from "../crypto/secrets";

/**
 * A model failure in words a person can act on ("the provider answered 401: Incorrect API key"),
 * never a stack trace. Unknown errors become a generic sentence; the caller logs the original.
 */
export function describeModelError(error: unknown): { message: string; known: boolean } {
  const next = (e: unknown) => (RetryError.isInstance(e) ? e.lastError : (e as { cause?: unknown }).cause);
  for (let current: unknown = error, depth = 0; current && depth < 6; current = next(current), depth++) {
    if (RetryError.isInstance(current)) continue;
    if (current instanceof AppError) return { message: current.detail, known: true };
    if (current instanceof SecretDecryptionError) return { message: `${current.message}. Enter the API key again.`, known: true };
    if (APICallError.isInstance(current)) {
      const detail = providerMessage(current.responseBody) ?? current.message;
      return { message: current.statusCode ? `The model provider answered ${current.statusCode}: ${detail}` : `The model provider could not be reached: ${detail}`, known: true };
    }
  }
  if (isAbort(error)) return { message: "The model call was cancelled", known: true };
  const name = (error as { name?: string } | null)?.name;
  if (typeof name === "string" && name.startsWith("AI_")) return { message: (error as Error).message, known: true };
  return { message: "The model call failed", known: false };
}

export function isAbort(error: unknown) {
  const name = (error as { name?: string } | null)?.name;
  return name === "AbortError" || name === "ResponseAborted";
}

function providerMessage(body: string | undefined) {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === "string" ? parsed.error : (parsed.error?.message ?? parsed.message);
    return typeof message === "string" ? message.slice(0, 500) : null;
  } catch {
    return body.slice(0, 200);
  }
}
