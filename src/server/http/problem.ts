import { STATUS_CODES } from "node:http";
import { z } from "zod";
import type { ValidationIssue } from "../errors";
import type { ErrorFormat } from "./route-table";

/**
 * RFC 7807 problem details, the error body on /api/v1 (seed 003). Seed 004's clients read
 * `{"error": CODE, "message": text}`, so both members are added to the same object. The one
 * definition: problemResponse() builds it and the OpenAPI document describes it from here.
 */
export const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the problem type; about:blank for plain HTTP statuses"),
    title: z.string().describe("The HTTP status text"),
    status: z.number().int(),
    detail: z.string().describe("What went wrong, for a person"),
    instance: z.string().describe("The path the request was made to"),
    error: z.string().describe("A stable code: VALIDATION_ERROR, NOT_FOUND, RATE_LIMITED ..."),
    message: z.string().describe("The same text as detail"),
    issues: z
      .array(z.object({ path: z.string().describe("Where: path., query. or body. and the field"), message: z.string() }))
      .optional()
      .describe("One entry per invalid field"),
    request_id: z.string().optional().describe("Quote it when reporting a server error"),
  })
  .describe("RFC 7807 problem details, with seed 004's `error` (code) and `message` members");
export type Problem = z.infer<typeof problemSchema>;

export function problemResponse(input: {
  status: number;
  code: string;
  detail: string;
  instance: string;
  issues?: ValidationIssue[];
  requestId?: string;
  headers?: Record<string, string>;
}) {
  const body: Problem = problemSchema.parse({
    type: "about:blank",
    title: STATUS_CODES[input.status] ?? "Error",
    status: input.status,
    detail: input.detail,
    instance: input.instance,
    error: input.code,
    message: input.detail,
    ...(input.issues ? { issues: input.issues } : {}),
    ...(input.requestId ? { request_id: input.requestId } : {}),
  });
  return new Response(JSON.stringify(body), {
    status: input.status,
    headers: { "content-type": "application/problem+json", ...input.headers },
  });
}

/** The default error format of a surface (/api/v1, seed 000's /api/...). */
export const problemFormat: ErrorFormat = {
  name: "Problem",
  mediaType: "application/problem+json",
  schema: problemSchema,
  render: problemResponse,
};
