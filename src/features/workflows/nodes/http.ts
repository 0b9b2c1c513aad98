import "server-only";
import { AppError } from "@/server/errors";
import { guardedFetch } from "@/server/outbound";
import { renderTemplate } from "../engine/expressions";
import { NodeError, type NodeExecutor } from "./types";

/** Larger answers fail the node: the body is stored in the step's output. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const JSON_TYPE = /^application\/([^;]*\+)?json|^[^;]*\+json/i;

/**
 * http: a request through the guarded outbound client (public addresses only, redirects checked,
 * size and time limits). The output is `{status, headers, body}`, the body parsed when the answer
 * says it is JSON. A non-2xx answer fails the node; 429 and 5xx are worth a retry, the rest not.
 */
export const httpNode: NodeExecutor<"http"> = async (config, ctx) => {
  const url = (await renderTemplate(config.url, ctx.scope)).trim();
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.headers)) headers[name] = await renderTemplate(template, ctx.scope);
  const body = config.body !== undefined && config.method !== "GET" ? await renderTemplate(config.body, ctx.scope) : undefined;
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = looksLikeJson(body) ? "application/json" : "text/plain; charset=utf-8";
  }

  let response: Response;
  let text: string;
  try {
    response = await guardedFetch(url, { method: config.method, headers, body, signal: ctx.signal }, { timeoutMs: config.timeout_ms, maxBytes: MAX_RESPONSE_BYTES });
    text = await response.text();
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (error instanceof AppError) {
      // Refusals and bad URLs stay wrong on a retry; unreachable hosts and deadlines may not.
      throw new NodeError(error.detail, error.code === "SERVICE_UNAVAILABLE");
    }
    throw error;
  }

  const contentType = response.headers.get("content-type") ?? "";
  let parsed: unknown = text;
  if (JSON_TYPE.test(contentType) && text.trim()) {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      ctx.log("warn", "The response says it is JSON but does not parse; its body is kept as text");
    }
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (responseHeaders[name] = value));

  if (response.status < 200 || response.status > 299) {
    const snippet = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    throw new NodeError(`${config.method} ${redacted(url)} answered ${response.status}${snippet ? `: ${snippet}` : ""}`, response.status === 429 || response.status >= 500);
  }
  return { output: { status: response.status, headers: responseHeaders, body: parsed } };
};

function looksLikeJson(text: string) {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** A URL for messages, without its query (which may hold keys). */
function redacted(url: string) {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
  } catch {
    return url.slice(0, 200);
  }
}
