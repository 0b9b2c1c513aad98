import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { problemFormat } from "./problem";
import type { ErrorFormat, RouteDef, Surface } from "./route-table";

/**
 * The OpenAPI 3.1 document, generated from the same route tables and zod schemas the adapter
 * enforces. OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what zod emits.
 */
type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
};


function parameters(def: RouteDef) {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [["path", def.params], ["query", def.query]] as const) {
    if (!schema) continue;
    const json = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

function operation(def: RouteDef, prefix: string, errorFormat: ErrorFormat) {
  const responses: Record<string, JsonSchema> = {};
  responses[String(def.status)] =
    def.response && def.status !== 204
      ? { description: STATUS_CODES[def.status] ?? "OK", content: { "application/json": { schema: toSchema(def.response, "output") } } }
      : { description: STATUS_CODES[def.status] ?? "No Content" };
  for (const status of def.alsoReturns ?? []) responses[String(status)] = { description: STATUS_CODES[status] ?? "OK" };
  const errors = new Set([...(def.errors ?? []), ...(def.auth !== "public" ? [401] : []), ...(def.body || def.query ? [422] : [])]);
  if (def.body && def.bodyType !== "form") errors.add(400);
  // A body in another media type (415), one over 1 MiB (413); a cookie request from another site (403).
  if (def.body) [413, 415].forEach((status) => errors.add(status));
  if (!["GET", "HEAD"].includes(def.method)) errors.add(403);
  for (const status of [...errors].sort()) {
    responses[String(status)] = { description: STATUS_CODES[status] ?? "Error", content: { [errorFormat.mediaType]: { schema: { $ref: `#/components/schemas/${errorFormat.name}` } } } };
  }
  return {
    operationId: `${def.method.toLowerCase()}${(prefix + def.path).replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    tags: def.tags,
    ...(def.auth === "public" ? { security: [] } : {}),
    parameters: parameters(def),
    ...(def.body
      ? {
          requestBody: {
            required: true,
            content: { [def.bodyType === "form" ? "application/x-www-form-urlencoded" : "application/json"]: { schema: toSchema(def.body, "input") } },
          },
        }
      : {}),
    responses,
  };
}

export function openApiDocument(surfaces: Surface[], serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const surface of surfaces) {
    for (const def of surface.routes) {
      const key = surface.prefix + def.path;
      (paths[key] ??= {})[def.method.toLowerCase()] = operation(def, surface.prefix, surface.errors ?? problemFormat);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Atrium API",
      version: "1.0.0",
      description:
        "Atrium's REST surfaces. Authenticate with `Authorization: Bearer <access token or personal API key>` or a browser session. Errors are RFC 7807 problem+json.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A 003 access token or a personal API key (atr_...)" },
      },
      schemas: Object.fromEntries(
        [problemFormat, ...surfaces.flatMap((s) => (s.errors ? [s.errors] : []))].map((f) => [f.name, toSchema(f.schema, "output")]),
      ),
    },
    paths,
  };
}
