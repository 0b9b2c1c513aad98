import { expect } from "vitest";
import type { z } from "zod";
import type { Problem } from "@/server/http/problem";

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or null when the body is empty or not JSON. */
  body: unknown;
}

export interface CallOptions {
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent verbatim (with `headers` choosing its content type). */
  raw?: string;
  /** An access token or API key for `Authorization: Bearer`. */
  token?: string;
  headers?: Record<string, string>;
}

/** One request to the test server; `path` is below /api/v1 unless it starts with /api/. */
export async function call(server: { url: string }, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const fullPath = path.startsWith("/api/") ? path : `/api/v1${path}`;
  const response = await fetch(server.url + fullPath, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Asserts the status and that the body satisfies the route's own response schema; returns it parsed. */
export function expectOk<S extends z.ZodType>(res: ApiResponse, status: number, schema: S): z.output<S> {
  expect(res.status, `expected ${status}, got ${res.status}: ${res.text}`).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const parsed = schema.safeParse(res.body);
  expect(parsed.success, `body outside its schema: ${res.text}`).toBe(true);
  return parsed.data as z.output<S>;
}

export function expectNoContent(res: ApiResponse) {
  expect(res.status, `expected 204, got ${res.status}: ${res.text}`).toBe(204);
  expect(res.text).toBe("");
}

/** Asserts an RFC 7807 problem with seed 004's `error` and `message` members; returns it. */
export function expectProblem(res: ApiResponse, status: number, code?: string): Problem {
  expect(res.status, `expected ${status}, got ${res.status}: ${res.text}`).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = res.body as Problem;
  expect(problem).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.stringMatching(/^\/api\//),
    error: expect.any(String),
    message: expect.any(String),
  });
  expect(problem.message).toBe(problem.detail);
  if (code) expect(problem.error).toBe(code);
  return problem;
}

/** Paths of a 422 problem's issues, e.g. ["body.email", "body.password"]. */
export const issuePaths = (problem: Problem) => (problem.issues ?? []).map((i) => i.path).sort();
