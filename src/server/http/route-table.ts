import type { JsonReply } from "./json-reply";
import type { z } from "zod";
import type { Db } from "../db/client";
import type { Viewer } from "../auth/viewer";

/**
 * A REST surface is a table of these entries. The adapter (adapter.ts) turns a table into a Next.js
 * route handler and openapi.ts turns the same table into the OpenAPI document, so the contract a
 * client reads is the contract the server enforces.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call a route. Every entry must say; the adapter refuses a table with an undeclared route. */
export type AuthRequirement = "public" | "user" | "admin";

export interface RouteContext<A extends AuthRequirement = AuthRequirement> {
  db: Db;
  viewer: A extends "public" ? Viewer | null : Viewer;
  request: Request;
  /** Client address (see server.ts; X-Forwarded-For only when TRUST_PROXY is set). */
  ip: string;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

export interface RouteDef<
  A extends AuthRequirement = AuthRequirement,
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema | undefined = Schema | undefined,
> {
  method: HttpMethod;
  /** Path below the surface's prefix, with `{name}` parameters: `/users/{id}`. */
  path: string;
  auth: A;
  summary: string;
  description?: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** How the body arrives; 004's /auth/login takes an HTML form. */
  bodyType?: "json" | "form";
  /** Success status. A handler may return a Response to choose another (e.g. 204 vs 200). */
  status: number;
  /** The success body; responses pass through it, so nothing outside it (a password hash) leaks. */
  response?: R;
  /** Other success statuses a handler answers with by returning a Response (e.g. 204). */
  alsoReturns?: number[];
  /** Error statuses the route documents, listed in the OpenAPI document. */
  errors?: number[];
  /** Identity routes are rate limited per IP and per e-mail address in the body. */
  rateLimit?: "auth";
  /**
   * The request log level of a success: `debug` for liveness probes, which load balancers and
   * orchestrators call every few seconds and would otherwise fill the log (failures still log).
   */
  logLevel?: "debug";
  /** A JsonReply (its body already the documented JSON) skips the response schema: for hot paths that set headers. */
  handler: (ctx: RouteContext<A>, input: RouteInput<P, Q, B>) => Promise<(R extends z.ZodType ? z.input<R> : void) | Response | JsonReply>;
}

/** Identity function that keeps each entry's generic types for inference. */
export function route<
  A extends AuthRequirement,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(def: RouteDef<A, P, Q, B, R>): RouteDef {
  return def as unknown as RouteDef;
}

export interface Surface {
  /** e.g. "/api/v1" */
  prefix: string;
  title: string;
  routes: RouteDef[];
  /** How this surface writes its errors; RFC 7807 problem+json (with 004's members) when absent. */
  errors?: ErrorFormat;
}

/** What every error of a surface carries, whatever its wire shape. */
export interface ErrorInput {
  status: number;
  /** A stable code: VALIDATION_ERROR, NOT_FOUND, RATE_LIMITED ... */
  code: string;
  detail: string;
  /** The request path. */
  instance: string;
  issues?: { path: string; message: string }[];
  requestId?: string;
  headers?: Record<string, string>;
}

/**
 * A surface's error body: seed 001 answers `{"error":{"code","message"}}`, OpenAI clients read
 * `{"error":{"message","type","param","code"}}`. `schema` documents it in the OpenAPI document under
 * `name`, with `mediaType`; `render` is the one place that writes it.
 */
export interface ErrorFormat {
  name: string;
  mediaType: string;
  schema: import("zod").ZodType;
  render(input: ErrorInput): Response;
}
