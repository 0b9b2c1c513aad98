import { z } from "zod";
import type { ErrorFormat, ErrorInput } from "./route-table";

/**
 * The error bodies of the surfaces that are not RFC 7807 (src/server/http/problem.ts is the default):
 * each documented once here, so the adapter writes them and the OpenAPI document describes them.
 */

const json = (status: number, body: unknown, headers?: Record<string, string>) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** Seed 001 (agentmesh: `/health`, `/model-gateway/*`, `/agents`, `/tasks`, `/spaces`, `/events`). */
export const agentmeshErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe("A stable code: TASK_NOT_FOUND, SPACE_NOT_FOUND, VALIDATION_ERROR, PROVIDER_ERROR ..."),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe("One entry per invalid field"),
      request_id: z.string().optional(),
    }),
  })
  .describe("Seed 001's error body");

export const agentmeshErrorFormat: ErrorFormat = {
  name: "AgentmeshError",
  mediaType: "application/json",
  schema: agentmeshErrorSchema,
  render: (e: ErrorInput) =>
    json(
      e.status,
      { error: { code: e.code, message: e.detail, ...(e.issues ? { issues: e.issues } : {}), ...(e.requestId ? { request_id: e.requestId } : {}) } },
      e.headers,
    ),
};

/** OpenAI's error body, what the `openai` SDKs parse on `/v1/*`. */
export const openAiErrorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string().describe("invalid_request_error, authentication_error, permission_error, not_found_error, rate_limit_error, server_error"),
      param: z.string().nullable().describe("The request field at fault, when there is one"),
      code: z.string().nullable().describe("A stable lower-case code: invalid_api_key, model_not_found, rate_limit_exceeded ..."),
    }),
  })
  .describe("OpenAI's error body");

const openAiType = (status: number) =>
  status === 401
    ? "authentication_error"
    : status === 403
      ? "permission_error"
      : status === 404
        ? "not_found_error"
        : status === 429
          ? "rate_limit_error"
          : status >= 500
            ? "server_error"
            : "invalid_request_error";

export const openAiErrorFormat: ErrorFormat = {
  name: "OpenAIError",
  mediaType: "application/json",
  schema: openAiErrorSchema,
  render: (e: ErrorInput) => {
    const param = e.issues?.[0]?.path.replace(/^(body|query|path)\./, "") ?? null;
    const code = e.code === "UNAUTHORIZED" ? "invalid_api_key" : e.code.toLowerCase();
    return json(e.status, { error: { message: e.detail, type: openAiType(e.status), param, code } }, e.headers);
  },
};
