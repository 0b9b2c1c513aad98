import { STATUS_CODES } from "node:http";
import type { ValidationIssue } from "../errors";

/**
 * RFC 7807 problem details, the error body on /api/v1 (seed 003). Seed 004's clients read
 * `{"error": CODE, "message": text}`, so both members are added to the same object.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  error: string;
  message: string;
  issues?: ValidationIssue[];
  request_id?: string;
}

export function problemResponse(input: {
  status: number;
  code: string;
  detail: string;
  instance: string;
  issues?: ValidationIssue[];
  requestId?: string;
  headers?: Record<string, string>;
}) {
  const body: Problem = {
    type: "about:blank",
    title: STATUS_CODES[input.status] ?? "Error",
    status: input.status,
    detail: input.detail,
    instance: input.instance,
    error: input.code,
    message: input.detail,
    ...(input.issues ? { issues: input.issues } : {}),
    ...(input.requestId ? { request_id: input.requestId } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: input.status,
    headers: { "content-type": "application/problem+json", ...input.headers },
  });
}
