import "server-only";
import { createHmac } from "node:crypto";
import { AppError } from "@/server/errors";
import { guardedFetch } from "@/server/outbound";

/** The header a receiver checks: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const SIGNATURE_HEADER = "x-atrium-signature";

export function signatureFor(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)) {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** Seed 002's push body, keys in 002's order. */
export interface PushBody {
  message_id: string;
  conversation_id: string;
  from_agent_id: string;
  content: unknown[];
  metadata: Record<string, unknown>;
  timestamp: string;
}

export interface PushOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** What is read of a receiver's answer: 002 says "any content", so only enough to report an error. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One push to a webhook through the guarded outbound client (SSRF rules, the timeout, no redirects):
 * any 2xx is delivered; another status, an unreachable host or the timeout is a failure with its reason.
 */
export async function pushOnce(url: string, secret: string, body: PushBody, attempt: number, timeoutMs: number, signal?: AbortSignal): Promise<PushOutcome> {
  const started = Date.now();
  const raw = JSON.stringify(body);
  const elapsed = () => Date.now() - started;
  try {
    const response = await guardedFetch(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Atrium-Agent-Gateway/1.0",
          [SIGNATURE_HEADER]: signatureFor(secret, raw),
          "x-atrium-message-id": body.message_id,
          "x-atrium-delivery-attempt": String(attempt),
        },
        body: raw,
        signal,
      },
      { timeoutMs, maxBytes: MAX_ANSWER_BYTES, maxRedirects: 0 },
    );
    const text = await response.text().catch(() => "");
    if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status, error: null, durationMs: elapsed() };
    const excerpt = text.trim().slice(0, 200);
    return { ok: false, statusCode: response.status, error: `The webhook answered ${response.status}${excerpt ? `: ${excerpt}` : ""}`, durationMs: elapsed() };
  } catch (error) {
    const durationMs = elapsed();
    if (durationMs >= timeoutMs - 50 || (error instanceof AppError && /did not answer within/.test(error.detail))) {
      return { ok: false, statusCode: null, error: `The webhook did not answer within ${formatSeconds(timeoutMs)}`, durationMs };
    }
    const reason = error instanceof AppError ? error.detail : error instanceof Error ? error.message : String(error);
    return { ok: false, statusCode: null, error: `The webhook could not be reached: ${reason}`.slice(0, 1000), durationMs };
  }
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
