import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/server/http/openapi";
import { restSurfaces } from "@/server/http/surfaces/rest-surfaces";

type Responses = Record<string, { content?: Record<string, { schema: unknown }> }>;
const doc = openApiDocument(restSurfaces);
const responsesOf = (method: string, path: string) => (doc.paths[path] as Record<string, { responses: Responses }> | undefined)?.[method]?.responses;

describe("the gateway in the OpenAPI document", () => {
  it.each([
    ["get", "/v1/models", ["401"]],
    ["post", "/v1/chat/completions", ["400", "401", "404", "422", "429", "502", "503"]],
    ["post", "/v1/responses", ["400", "401", "404", "422", "429", "502", "503"]],
    ["post", "/v1/embeddings", ["400", "401", "404", "422", "429", "502", "503"]],
  ])("%s %s documents its errors in OpenAI's shape", (method, path, statuses) => {
    const responses = responsesOf(method, path);
    expect(responses?.["200"]).toBeDefined();
    for (const status of statuses) {
      const media = responses?.[status]?.content;
      expect(media, `${method} ${path} ${status}`).toBeDefined();
      expect(JSON.stringify(media!["application/json"].schema)).toContain("OpenAIError");
    }
  });

  it.each(["/model-gateway/health", "/model-gateway/quota"])("GET %s documents seed 001's error body", (path) => {
    const responses = responsesOf("get", path);
    expect(responses?.["200"]).toBeDefined();
    expect(JSON.stringify(responses?.["401"]?.content?.["application/json"]?.schema)).toContain("AgentmeshError");
  });
});
