import { beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "@/server/http/openapi";
import { problemFormat } from "@/server/http/problem";
import { restSurfaces } from "@/server/http/surfaces/rest-surfaces";
import { call } from "../support/api";
import {
  deeplyNested,
  extremeDates,
  mapStrings,
  replaceMembers,
  sample,
  SAMPLE_UUID,
  type JsonSchema,
} from "../support/fuzz";
import { setupApi } from "../support/harness";
import { person } from "../support/people";

/**
 * Every operation of the OpenAPI document gets a handful of malformed requests, so an endpoint is
 * covered the day it lands: bad JSON, wrong types, NUL bytes, bad percent-encoding, huge numbers,
 * impossible dates, absurd nesting, the wrong media type. None may answer 5xx, and every refusal is
 * its surface's documented error body (problem+json, seed 001's or OpenAI's).
 */
interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface Case {
  label: string;
  path: string;
  query?: Record<string, string>;
  raw?: string;
  contentType?: string;
}

const h = setupApi();
const operations = restSurfaces.flatMap((surface) =>
  Object.entries(openApiDocument([surface]).paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ method: method.toUpperCase(), path, op, errors: surface.errors ?? problemFormat })),
  ),
);

let apiKey = "";
beforeAll(async () => {
  const me = await person(h.http, h.db, "fuzz");
  const created = await call(h.http, "POST", "/users/me/api-keys", { token: me.token, json: { name: "fuzz" } });
  apiKey = (created.body as { key: string }).key;
});

function casesFor(path: string, op: Operation): Case[] {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const fill = (value: (p: Parameter) => string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => value(pathParams.find((p) => p.name === name)!));
  const goodPath = fill((p) => encodeURIComponent(String(sample(p.schema) ?? SAMPLE_UUID)));
  const goodQuery = Object.fromEntries(queryParams.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema))]));
  const everyQuery = (value: string) => Object.fromEntries(queryParams.map((p) => [p.name, value]));
  const media = op.requestBody ? Object.keys(op.requestBody.content)[0] : undefined;
  const bodySchema = media ? op.requestBody!.content[media].schema : undefined;

  const cases: Case[] = [];
  if (pathParams.length) {
    cases.push({ label: "bad percent-encoding in the path", path: fill(() => "%zz") });
    cases.push({ label: "NUL in the path", path: fill(() => "%00") });
    cases.push({ label: "a huge number in the path", path: fill(() => "99999999999999999999999") });
  }
  if (queryParams.length) {
    for (const bad of ["\u0000", "99999999999999999999999", "-1", "abc", "0000-01-01T00:00:00Z", "%zz"]) {
      cases.push({ label: `query values ${JSON.stringify(bad)}`, path: goodPath, query: everyQuery(bad) });
    }
  }
  if (media === "application/json") {
    const good = sample(bodySchema);
    const json = (label: string, value: unknown) => cases.push({ label, path: goodPath, query: goodQuery, raw: JSON.stringify(value), contentType: "application/json" });
    cases.push({ label: "malformed JSON", path: goodPath, query: goodQuery, raw: '{"a":', contentType: "application/json" });
    cases.push({ label: "JSON nested 50,000 deep", path: goodPath, query: goodQuery, raw: deeplyNested(50_000), contentType: "application/json" });
    cases.push({ label: "JSON as text/plain", path: goodPath, query: goodQuery, raw: JSON.stringify(good), contentType: "text/plain" });
    json("NUL in every string", mapStrings(good, (s) => `${s}\u0000`));
    json("every member an array", replaceMembers(good, ["x"]));
    json("every member an object", replaceMembers(good, { a: 1 }));
    json("every member 2^31", replaceMembers(good, 2 ** 31));
    json("every member 1e308", replaceMembers(good, 1e308));
    json("every member -1", replaceMembers(good, -1));
    json("every member a long string", replaceMembers(good, "x".repeat(100_000)));
    json("dates in year 0000", extremeDates(good, "0000"));
    json("dates in year 9999", extremeDates(good, "9999"));
    json("a bare array", [good]);
  }
  if (media === "application/x-www-form-urlencoded") {
    const good = sample(bodySchema) as Record<string, unknown>;
    const form = (label: string, value: string) =>
      cases.push({ label, path: goodPath, raw: new URLSearchParams(Object.keys(good).map((k) => [k, value])).toString(), contentType: media });
    form("NUL in every field", "\u0000");
    form("empty fields", "");
    cases.push({ label: "form as JSON", path: goodPath, raw: JSON.stringify(good), contentType: "application/json" });
  }
  return cases;
}

/** Like call(), but a stream (SSE) that opens is closed at once instead of read to its end. */
async function send(method: string, pathAndQuery: string, c: Case) {
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (c.contentType) headers["content-type"] = c.contentType;
  const response = await fetch(h.http.url + pathAndQuery, { method, headers, body: c.raw });
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, headers: response.headers, text: "", body: null };
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the content-type assertion names the problem.
  }
  return { status: response.status, headers: response.headers, text, body };
}

describe("fuzzing every documented operation", () => {
  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))("%s never answers 5xx and refuses with its documented error body", async (_name, { method, path, op, errors }) => {
    for (const c of casesFor(path, op)) {
      const query = c.query && Object.keys(c.query).length ? `?${new URLSearchParams(c.query)}` : "";
      const response = await send(method, c.path + query, c);
      const where = `${method} ${c.path}${query.slice(0, 80)} (${c.label}) answered ${response.status}: ${response.text.slice(0, 300)}`;
      expect(response.status, where).toBeLessThan(500);
      if (response.status >= 400) {
        expect(response.headers.get("content-type"), where).toContain(errors.mediaType);
        expect(errors.schema.safeParse(response.body).success, where).toBe(true);
        if (errors === problemFormat) expect((response.body as { status?: number }).status, where).toBe(response.status);
      }
    }
  });
});
