import { randomUUID } from "node:crypto";
import { z } from "zod";
import { authenticate } from "../auth/authenticate";
import { phase } from "../perf/phases";
import type { Db } from "../db/client";
import { AppError, issuesOf, toAppError } from "../errors";
import { trustsProxy } from "../env";
import { log, logRequest } from "../log";
import { CLIENT_IP_HEADER } from "./client-ip";
import { MAX_BODY_BYTES, readLimited } from "./body";
import { assertJsonDepth, assertNoNul } from "./input-guards";
import { JsonReply } from "./json-reply";
import { problemFormat } from "./problem";
import { consume } from "./rate-limit";
import type { AuthRequirement, ErrorFormat, HttpMethod, RouteDef, Surface } from "./route-table";
import { assertSameOrigin } from "./same-origin";

const AUTH_LEVELS: AuthRequirement[] = ["public", "user", "admin"];

interface RequestSeen {
  route: string;
  userId: string | null;
  logLevel?: "debug";
}

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  names: string[];
}

/** What a surface answers: a web Response, or a JSON reply the caller may write more cheaply. */
export type SurfaceReply = Response | JsonReply;

/**
 * Turns a surface's route table into one fetch-style handler `(request) => Response`: it matches
 * the path, checks who is asking, parses params/query/body with the entry's zod schemas, calls the
 * handler and renders every failure as RFC 7807 problem+json. Nothing a client sends yields a 500.
 * Its `reply` is the same handler answering successful JSON as a `JsonReply` (server.ts's fast path).
 */
export function createSurfaceHandler(surface: Surface, getDb: () => Db) {
  const reply = createSurfaceReplier(surface, getDb);
  const handle = async (request: Request): Promise<Response> => {
    const answer = await reply(request);
    return answer instanceof JsonReply ? answer.toResponse(request.method.toUpperCase() === "HEAD") : answer;
  };
  return Object.assign(handle, { reply });
}

function createSurfaceReplier(surface: Surface, getDb: () => Db) {
  // Static paths win over parameterised ones: /friends/requests/inbox before /friends/requests/{id}.
  const compiled = surface.routes.map(compile).sort((a, b) => a.names.length - b.names.length);
  const routesFor = routeIndex(compiled);

  return async function reply(request: Request): Promise<SurfaceReply> {
    const started = performance.now();
    const requestId = randomUUID();
    // Filled in by run() as it learns them; read by the request log line below.
    const seen: RequestSeen = { route: "(no route)", userId: null };
    const answer = await answerRequest(request, requestId, seen);
    logRequest({ requestId, userId: seen.userId, method: request.method, route: seen.route, status: answer.status, durationMs: performance.now() - started, successLevel: seen.logLevel });
    return answer;
  };

  async function answerRequest(request: Request, requestId: string, seen: RequestSeen): Promise<SurfaceReply> {
    const url = new URL(request.url);
    const instance = url.pathname;
    try {
      const subPath = url.pathname.slice(surface.prefix.length) || "/";
      const method = request.method.toUpperCase();
      // A plain loop: this runs on every request, over the routes sharing the path's first segment.
      const candidates: { route: CompiledRoute; match: RegExpExecArray }[] = [];
      for (const route of routesFor(subPath)) {
        const match = route.pattern.exec(subPath);
        if (match) candidates.push({ route, match });
      }
      if (candidates.length === 0) throw new AppError("NOT_FOUND", `No endpoint at ${url.pathname}`);
      const allowed = () => {
        const methods: string[] = [...new Set(candidates.map((c) => c.route.def.method))];
        if (methods.includes("GET")) methods.push("HEAD");
        return methods;
      };
      if (method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: [...allowed(), "OPTIONS"].join(", ") } });
      // HEAD is GET without the body (RFC 9110).
      const lookup = method === "HEAD" ? "GET" : method;
      const hit = candidates.find((c) => c.route.def.method === lookup);
      if (!hit) {
        throw new AppError("METHOD_NOT_ALLOWED", `${method} is not allowed on ${url.pathname}`, {
          headers: { Allow: allowed().join(", ") },
        });
      }
      seen.route = hit.route.def.path;
      seen.logLevel = hit.route.def.logLevel;
      const response = await run(hit.route, hit.match, request, url, seen);
      // A JsonReply's body is dropped by whoever writes it (Node's http does for HEAD).
      return method === "HEAD" && response instanceof Response ? new Response(null, { status: response.status, headers: response.headers }) : response;
    } catch (error) {
      return renderError(error, instance, requestId, surface.errors);
    }
  }

  async function run(route: CompiledRoute, match: RegExpExecArray, request: Request, url: URL, seen: RequestSeen): Promise<SurfaceReply> {
    const { def } = route;
    phase("request");
    assertSameOrigin(request);
    const ip = clientIp(request);
    if (def.rateLimit === "auth") await consume("authIp", ip);

    const db = getDb();
    const viewer = await authenticate(db, request);
    seen.userId = viewer?.userId ?? null;
    phase("authenticated");
    if (def.auth !== "public" && !viewer) {
      throw new AppError("UNAUTHORIZED", "Sign in or send a valid Bearer token or API key", {
        headers: { "WWW-Authenticate": 'Bearer realm="atrium"' },
      });
    }
    if (def.auth === "admin" && viewer?.role !== "admin") throw new AppError("FORBIDDEN", "Administrators only");

    const rawParams = Object.fromEntries(route.names.map((name, i) => [name, decodeSegment(match[i + 1])]));
    assertNoNul(rawParams, "path");
    const params = def.params ? validate(def.params, rawParams, "path") : rawParams;
    const rawQuery = url.search === "" ? {} : queryObject(url.searchParams);
    assertNoNul(rawQuery, "query");
    const query = def.query ? validate(def.query, rawQuery, "query") : undefined;
    let body: unknown;
    if (def.body) {
      const rawBody = await readBody(request, def.bodyType ?? "json");
      assertNoNul(rawBody, "body");
      body = validate(def.body, rawBody, "body");
    }

    if (def.rateLimit === "auth") {
      const email = emailOf(body);
      if (email) await consume("authEmail", email);
    }

    phase("parsed");
    const result = await def
      .handler({ db, viewer: viewer as never, request, ip }, { params, query, body } as never)
      .catch((error: unknown) => {
        throw withTransportPaths(error, { path: params, query, body });
      });
    // A handler that sets headers of its own may answer a JsonReply itself (the /v1 gateway does).
    if (result instanceof Response || result instanceof JsonReply) return result;
    if (def.status === 204 || result === undefined) return new Response(null, { status: def.status === 200 ? 204 : def.status });
    const payload = def.response ? serialize(def, result) : result;
    return new JsonReply(def.status, JSON.stringify(payload));
  }
}

/**
 * Services name fields as their input knows them (`end_at`, `model_config.model_config_id`); on this
 * surface a field lives in the path, the query or the body, and the issue says which, like the
 * adapter's own validation issues do.
 */
function withTransportPaths(error: unknown, parts: Record<"path" | "query" | "body", unknown>) {
  if (!(error instanceof AppError) || !error.extra.issues?.length) return error;
  // A field the request did not send (a stored agent's workflow_config) keeps its bare name.
  const where = (field: string) =>
    (["body", "query", "path"] as const).find((part) => {
      const value = parts[part];
      return value !== null && typeof value === "object" && field in value;
    });
  const issues = error.extra.issues.map((issue) => {
    const part = where(issue.path.split(".")[0]);
    return { ...issue, path: part ? `${part}.${issue.path}` : issue.path };
  });
  return new AppError(error.code, error.detail, { ...error.extra, issues });
}

/** A handler returning something its documented response does not allow is our bug: a 500, logged. */
function serialize(def: RouteDef, result: unknown) {
  const parsed = def.response!.safeParse(result);
  if (!parsed.success) throw new Error(`${def.method} ${def.path} returned a body outside its schema: ${parsed.error.message}`);
  return parsed.data;
}

function compile(def: RouteDef): CompiledRoute {
  if (!AUTH_LEVELS.includes(def.auth)) {
    throw new Error(`Route ${def.method} ${def.path} declares no auth (one of ${AUTH_LEVELS.join(", ")})`);
  }
  const names: string[] = [];
  const source = def.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { def, names, pattern: new RegExp(`^${source}/?$`) };
}

/**
 * The routes a path can match, by its first segment: a surface has a few hundred routes and a request
 * tried every pattern. Routes whose first segment is a parameter are candidates for every path.
 */
function routeIndex(compiled: CompiledRoute[]) {
  const firstSegment = (path: string) => path.split("/", 2)[1] ?? "";
  const anyFirst = compiled.filter((r) => firstSegment(r.def.path).startsWith("{"));
  const bySegment = new Map<string, CompiledRoute[]>();
  for (const route of compiled) {
    const segment = firstSegment(route.def.path);
    if (segment.startsWith("{")) continue;
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), route]);
  }
  // Keep the table's order (static before parameterised) within each list.
  const order = new Map(compiled.map((r, i) => [r, i]));
  for (const [segment, routes] of bySegment) bySegment.set(segment, [...routes, ...anyFirst].sort((a, b) => order.get(a)! - order.get(b)!));
  return (subPath: string) => bySegment.get(firstSegment(subPath)) ?? anyFirst;
}

function validate(schema: z.ZodType, value: unknown, where: string) {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error).map((i) => ({ ...i, path: `${where}.${i.path}`.replace(/\.\(root\)$/, "") }));
  throw new AppError("VALIDATION_ERROR", `Invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, {
    issues,
  });
}

function decodeSegment(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AppError("BAD_REQUEST", `Malformed percent-encoding in path segment "${segment}"`);
  }
}

function queryObject(params: URLSearchParams) {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/**
 * A body is read as the media type its route documents, and only when the client declares that type:
 * a JSON route refuses text/plain or multipart (which a cross-site form can send without asking)
 * with 415 instead of guessing.
 */
async function readBody(request: Request, kind: "json" | "form"): Promise<unknown> {
  const text = await readLimited(request, MAX_BODY_BYTES);
  if (text.trim() === "") return undefined;
  const type = mediaType(request.headers.get("content-type"));
  if (kind === "form") {
    if (type !== "application/x-www-form-urlencoded") throw unsupported("application/x-www-form-urlencoded");
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (type !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(type)) throw unsupported("application/json");
  assertJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Malformed JSON body");
  }
}

const mediaType = (header: string | null) => (header ?? "").split(";")[0].trim().toLowerCase();
const unsupported = (expected: string) =>
  new AppError("UNSUPPORTED_MEDIA_TYPE", `Send the body as ${expected} (Content-Type: ${expected})`);

function emailOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { email, username } = body as { email?: unknown; username?: unknown };
  const value = typeof email === "string" ? email : typeof username === "string" ? username : undefined;
  return value?.trim().toLowerCase() || undefined;
}

export function clientIp(request: Request) {
  if (trustsProxy()) {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

export function renderError(error: unknown, instance: string, requestId: string, format: ErrorFormat = problemFormat) {
  const known = toAppError(error);
  if (known) {
    return format.render({
      status: known.status,
      code: known.extra.wireCode ?? known.code,
      detail: known.detail,
      instance,
      issues: known.extra.issues,
      headers: known.extra.headers,
    });
  }
  log.error("request failed", { request_id: requestId, instance, err: error });
  return format.render({
    status: 500,
    code: "INTERNAL_ERROR",
    detail: "Something went wrong on our side. Quote the request id when you report it.",
    instance,
    requestId,
  });
}

export type { HttpMethod };
