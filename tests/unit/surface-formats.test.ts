import { describe, expect, it } from "vitest";
import { renderError } from "@/server/http/adapter";
import { agentmeshErrorFormat, openAiErrorFormat } from "@/server/http/error-formats";
import { mountFinder, wantsApi, type HeaderReader } from "@/server/http/surfaces/mount-finder";
import { AppError } from "@/server/errors";

const headers = (h: Record<string, string>): HeaderReader => (name) => h[name];

describe("a surface's own error body", () => {
  it("seed 001 answers {error:{code,message}} with the documented code", async () => {
    const res = renderError(new AppError("NOT_FOUND", "Task t1 not found", { wireCode: "TASK_NOT_FOUND" }), "/tasks/t1", "r1", agentmeshErrorFormat);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "TASK_NOT_FOUND", message: "Task t1 not found" } });
  });

  it("/v1 answers OpenAI's shape: type by status, the field at fault as param, invalid_api_key on 401", async () => {
    const invalid = renderError(new AppError("VALIDATION_ERROR", "bad", { issues: [{ path: "body.model", message: "Required" }] }), "/v1/chat/completions", "r", openAiErrorFormat);
    expect(await invalid.json()).toEqual({ error: { message: "bad", type: "invalid_request_error", param: "model", code: "validation_error" } });
    const unauthorized = renderError(new AppError("UNAUTHORIZED", "no key"), "/v1/models", "r", openAiErrorFormat);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ error: { type: "authentication_error", code: "invalid_api_key", param: null } });
    const crash = renderError(new Error("internals"), "/v1/models", "r", openAiErrorFormat);
    expect(crash.status).toBe(500);
    expect(JSON.stringify(await crash.json())).not.toContain("internals");
  });
});

describe("a mount a page shares", () => {
  const find = mountFinder([
    { prefix: "/agents", handle: async () => new Response("api"), accepts: wantsApi },
    { prefix: "/v1", handle: async () => new Response("v1") },
  ]);

  it("takes API clients and leaves browsers to the pages", () => {
    expect(find("/agents", headers({ authorization: "Bearer atr_x" }))).toBeDefined();
    expect(find("/agents?x=1", headers({ accept: "application/json" }))).toBeDefined();
    expect(find("/agents/a1", headers({ accept: "text/event-stream" }))).toBeDefined();
    expect(find("/agents", headers({ accept: "text/html,application/xhtml+xml,*/*" }))).toBeUndefined();
    expect(find("/agents", headers({ accept: "*/*" }))).toBeUndefined();
    expect(find("/agentsx", headers({ accept: "application/json" }))).toBeUndefined();
    expect(find("/v1/models")).toBeDefined();
  });
});
