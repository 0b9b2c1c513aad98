import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/server/http/openapi";
import { problemFormat } from "@/server/http/problem";
import { restSurfaces } from "@/server/http/surfaces/rest-surfaces";

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}

const doc = openApiDocument(restSurfaces);
const op = (method: string, path: string, prefix = "/api/v1") =>
  (doc.paths[`${prefix}${path}`]?.[method] as Operation | undefined) ?? expect.fail(`${method.toUpperCase()} ${prefix}${path} is not documented`);
/** Every route of every REST surface, with its surface's prefix. */
const everyRoute = restSurfaces.flatMap((surface) => surface.routes.map((route) => ({ ...route, prefix: surface.prefix, errorFormat: surface.errors ?? problemFormat })));

/** Seed 003's Auth, Users and Infra sections and seed 004's auth module: every path, success status and documented error. */
const contract: [method: string, path: string, success: number[], errors: number[]][] = [
  ["post", "/auth/verifications", [202], [422, 429]],
  ["post", "/auth/resend", [204], [422, 429]],
  ["post", "/auth/verify", [200, 204], [401, 422, 429]],
  ["post", "/auth/sessions", [200], [401, 422, 429]],
  ["post", "/auth/sessions/refresh", [200], [401, 422, 429]],
  ["delete", "/auth/sessions", [204], [422, 429]],
  ["get", "/auth/users", [200], [401, 403, 404, 422]],
  ["get", "/users/me", [200], [401]],
  ["patch", "/users/me", [200], [401, 422]],
  ["post", "/users/search", [200], [401, 422]],
  ["get", "/infra/health", [200], []],
  ["get", "/health", [200], []],
  ["post", "/auth/register", [201], [422]],
  ["post", "/auth/login", [200], [401, 422]],
  ["get", "/auth/me", [200], [401]],
];

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1.0 with a bearer security scheme and the Problem schema", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Problem.required).toEqual(["type", "title", "status", "detail", "instance", "error", "message"]);
  });

  it("lists every route of every surface's table with its method", () => {
    for (const route of everyRoute) {
      expect(op(route.method.toLowerCase(), route.path, route.prefix).summary).toBe(route.summary);
    }
    const documented = Object.values(doc.paths).flatMap((methods) => Object.keys(methods));
    expect(documented).toHaveLength(everyRoute.length);
  });

  it("gives every operation a unique operationId", () => {
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((o) => (o as Operation).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("documents a request body for every route that takes one, with its fields", () => {
    for (const route of everyRoute.filter((r) => r.body)) {
      const operation = op(route.method.toLowerCase(), route.path, route.prefix);
      const type = route.bodyType === "form" ? "application/x-www-form-urlencoded" : "application/json";
      expect(operation.requestBody?.required, `${route.method} ${route.path}`).toBe(true);
      expect(operation.requestBody?.content[type]?.schema, `${route.method} ${route.path}`).toBeDefined();
    }
    const signup = op("post", "/auth/verifications").requestBody!.content["application/json"].schema;
    expect(Object.keys(signup.properties ?? {})).toEqual(expect.arrayContaining(["username", "email", "password", "redirect_to", "invite_code"]));
    expect(signup.required).toEqual(expect.arrayContaining(["username", "email", "password"]));
  });

  it("documents seed 004's login as a form", () => {
    const login = op("post", "/auth/login");
    expect(Object.keys(login.requestBody!.content)).toEqual(["application/x-www-form-urlencoded"]);
    expect(login.requestBody!.content["application/x-www-form-urlencoded"].schema.required).toEqual(["username", "password"]);
  });

  it("documents each route's error responses in its surface's error body (problem+json unless the surface has its own)", () => {
    for (const route of everyRoute) {
      const operation = op(route.method.toLowerCase(), route.path, route.prefix);
      const expected = [...(route.errors ?? []), ...(route.auth !== "public" ? [401] : []), ...(route.body || route.query ? [422] : [])];
      for (const status of expected) {
        const response = operation.responses[String(status)];
        expect(response, `${route.method} ${route.path} ${status}`).toBeDefined();
        expect(response.content?.[route.errorFormat.mediaType]?.schema).toEqual({ $ref: `#/components/schemas/${route.errorFormat.name}` });
        expect(doc.components.schemas[route.errorFormat.name]).toBeDefined();
      }
    }
  });

  it("marks public routes as needing no credentials and the rest as needing them", () => {
    expect(op("post", "/auth/sessions").security).toEqual([]);
    expect(op("get", "/users/me").security).toBeUndefined();
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it("documents the query parameter of GET /auth/users and the path parameter of key revocation", () => {
    expect(op("get", "/auth/users").parameters).toEqual([expect.objectContaining({ name: "email", in: "query", required: true })]);
    expect(op("delete", "/users/me/api-keys/{id}").parameters).toEqual([expect.objectContaining({ name: "id", in: "path", required: true })]);
  });

  it.each(contract)("documents %s %s of the seeds with their success and error statuses", (method, path, success, errors) => {
    const operation = op(method, path);
    for (const status of [...success, ...errors]) expect(Object.keys(operation.responses), `${method} ${path}`).toContain(String(status));
  });

  it("describes the success bodies with their fields", () => {
    const tokens = op("post", "/auth/sessions").responses["200"].content!["application/json"].schema as { properties: Record<string, unknown> };
    expect(Object.keys(tokens.properties)).toEqual(expect.arrayContaining(["access_token", "refresh_token", "expires_in", "token_type", "user"]));
    const me = op("get", "/users/me").responses["200"].content!["application/json"].schema as { properties: Record<string, unknown> };
    expect(Object.keys(me.properties).sort()).toEqual(["avatar_url", "bio", "id", "username"]);
  });
});
