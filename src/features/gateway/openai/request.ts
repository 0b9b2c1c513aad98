import "server-only";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { RouteContext } from "@/server/http/route-table";
import { admit, chargeTokens, limitKey } from "../service/limits";
import { dispatch, type Attempt, type Dispatched } from "../service/dispatch";
import { AppError } from "@/server/errors";
import { JsonReply } from "@/server/http/json-reply";
import { forgetCatalog, loadCatalog, resolveRoute, type ResolvedRoute, type Target } from "../service/routing";

/**
 * What every /v1 model call does before it talks to a provider: rate limit the key, find the route,
 * and tie the provider call to the client (a client that goes away aborts it).
 */
export interface GatewayCall {
  route: ResolvedRoute;
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Aborts the provider call (a streamed answer's reader went away). */
  abort: () => void;
  /** Calls the route's chain (or the given subset of it) through dispatch's fallback, retry and breakers. */
  run<T>(call: (target: Target, model: LanguageModelV4) => PromiseLike<T>, chain?: Target[]): Promise<Dispatched<T>>;
  charge(tokens: number): void;
}

export async function openCall(ctx: RouteContext<"user">, model: string): Promise<GatewayCall> {
  const key = limitKey(ctx.viewer, ctx.request);
  const limit = await admit(key);
  const { catalog, route } = await routeFor(ctx, model);
  const local = new AbortController();
  const signal = AbortSignal.any([ctx.request.signal, local.signal]);
  return {
    route,
    headers: limit.headers,
    signal,
    abort: () => local.abort(),
    run: (call, chain) => dispatch({ db: ctx.db, userId: ctx.viewer.userId, signal }, catalog, chain ? { ...route, chain } : route, call),
    charge: (tokens) => void chargeTokens(key, tokens),
  };
}

/**
 * The catalog is cached for 2 s; a name it does not know is looked up once more in fresh data, so a
 * model config added a moment ago answers at once (changes to existing ones show within 2 s).
 */
async function routeFor(ctx: RouteContext<"user">, model: string) {
  const cached = await loadCatalog(ctx.db, ctx.viewer.userId);
  try {
    return { catalog: cached, route: resolveRoute(cached, model) };
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 404) throw error;
    forgetCatalog(ctx.viewer.userId);
    const fresh = await loadCatalog(ctx.db, ctx.viewer.userId);
    return { catalog: fresh, route: resolveRoute(fresh, model) };
  }
}

/** Which provider answered and what was skipped or failed before it (header values are ASCII). */
export function routeHeaders(call: GatewayCall, target: Target, attempts: Attempt[]) {
  return {
    ...call.headers,
    "x-atrium-provider": encodeURIComponent(target.name),
    "x-atrium-route": encodeURIComponent(call.route.pattern ?? "(derived)"),
    "x-atrium-fallbacks": String(attempts.filter((a) => a.outcome !== "ok").length),
  };
}

/** A JsonReply, not a Response: server.ts writes it in one piece without a web stream (see json-reply.ts). */
export function jsonResponse(body: unknown, headers: Record<string, string>) {
  return new JsonReply(200, JSON.stringify(body), headers);
}
