import "server-only";
import { openApiDocument } from "../openapi";
import { restSurfaces } from "./rest-surfaces";

let cached: string | undefined;

/**
 * The OpenAPI document of every REST surface, built once per process (the route tables do not change
 * while it runs) and kept as its JSON text. Served at /api/openapi.json by server.ts's fast path and
 * by the Next route handler.
 */
export function openApiJson(): string {
  return (cached ??= JSON.stringify(openApiDocument(restSurfaces)));
}

export function openApiResponse(): Response {
  return new Response(openApiJson(), { headers: { "content-type": "application/json" } });
}
