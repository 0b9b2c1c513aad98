import type { IncomingMessage, ServerResponse } from "node:http";
import { problemResponse } from "./problem";

/** Methods Atrium answers. TRACE, CONNECT and inventions never reach the app. */
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Refuses requests that the framework below would turn into a 500: an unknown method or a path
 * with malformed percent-encoding (`/agents/%zz`). Runs in server.ts before Next sees the request.
 * API paths get a problem+json body like every other API error; pages get a short HTML page.
 * Returns true when it answered.
 */
export function refuseMalformedRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const method = (req.method ?? "GET").toUpperCase();
  const target = req.url ?? "/";
  const path = target.split("?")[0];
  if (!KNOWN_METHODS.has(method)) {
    answer(res, path, 405, "METHOD_NOT_ALLOWED", `${method} is not supported`, { Allow: [...KNOWN_METHODS].join(", ") });
    return true;
  }
  if (!decodes(path) || !target.startsWith("/")) {
    answer(res, path, 400, "BAD_REQUEST", "The address is malformed (bad percent-encoding)");
    return true;
  }
  return false;
}

function decodes(path: string) {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function answer(res: ServerResponse, path: string, status: number, code: string, detail: string, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.statusCode = status;
  if (path.startsWith("/api/") || path === "/api") {
    // An unparseable path is echoed as "/" rather than reflected back.
    const problem = problemResponse({ status, code, detail, instance: decodes(path) ? path : "/" });
    res.setHeader("content-type", "application/problem+json");
    void problem.text().then((body) => res.end(body));
    return;
  }
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(`<!doctype html><meta charset="utf-8"><title>${status}</title><p>${detail}. <a href="/">Go to Atrium</a></p>`);
}
