import "server-only";
import type { AuthedContext } from "@/server/context";
import { AppError, notFound } from "@/server/errors";
import { BUILTIN_TARGET, QUOTA_SOURCES, type RouteInput } from "../schemas";
import { forgetQuota } from "./quota";
import { forgetCatalog, loadCatalog, resolveRoute, listedModels, BUILTIN } from "./routing";
import { providerStatuses } from "./status";

/** The caller's routes, editable on the Gateway page. */
export async function listRoutes({ db, viewer }: AuthedContext) {
  const rows = await db.gatewayRoute.findMany({ where: { userId: viewer.userId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => ({ id: r.id, pattern: r.pattern, chain: r.chain, position: r.position }));
}

/** Every chain entry must be one of the caller's configs (or the built-in model): 404 otherwise, as for any other's thing. */
async function assertOwnChain({ db, viewer }: AuthedContext, chain: string[]) {
  const ids = chain.filter((id) => id !== BUILTIN_TARGET);
  const found = await db.modelConfig.count({ where: { userId: viewer.userId, id: { in: ids } } });
  if (found !== ids.length) throw notFound("Model config");
}

export async function saveRoute(ctx: AuthedContext, input: RouteInput & { id?: string }) {
  await assertOwnChain(ctx, input.chain);
  const { db, viewer } = ctx;
  const data = { pattern: input.pattern, chain: input.chain, position: input.position };
  const clash = await db.gatewayRoute.findFirst({ where: { userId: viewer.userId, pattern: input.pattern, ...(input.id ? { NOT: { id: input.id } } : {}) } });
  if (clash) throw new AppError("CONFLICT", `You already have a route for "${input.pattern}"`);
  let row;
  if (input.id) {
    const own = await db.gatewayRoute.findFirst({ where: { id: input.id, userId: viewer.userId } });
    if (!own) throw notFound("Route");
    row = await db.gatewayRoute.update({ where: { id: input.id }, data });
  } else {
    if ((await db.gatewayRoute.count({ where: { userId: viewer.userId } })) >= 200) throw new AppError("CONFLICT", "At most 200 routes: remove one first");
    row = await db.gatewayRoute.create({ data: { ...data, userId: viewer.userId } });
  }
  forgetCatalog(viewer.userId);
  return { id: row.id, pattern: row.pattern, chain: row.chain, position: row.position };
}

export async function removeRoute({ db, viewer }: AuthedContext, id: string) {
  const { count } = await db.gatewayRoute.deleteMany({ where: { id, userId: viewer.userId } });
  if (!count) throw notFound("Route");
  forgetCatalog(viewer.userId);
}

export async function setQuotaSource({ db, viewer }: AuthedContext, modelConfigId: string, source: (typeof QUOTA_SOURCES)[number]) {
  const own = await db.modelConfig.findFirst({ where: { id: modelConfigId, userId: viewer.userId } });
  if (!own) throw notFound("Model config");
  await db.gatewayProvider.upsert({
    where: { modelConfigId },
    create: { modelConfigId, userId: viewer.userId, quotaSource: source },
    update: { quotaSource: source },
  });
  forgetCatalog(viewer.userId);
  forgetQuota();
}

/** The Gateway page's overview: each listed model with its chain, and each provider's state. */
export async function overview(ctx: AuthedContext) {
  const catalog = await loadCatalog(ctx.db, ctx.viewer.userId);
  const providers = await providerStatuses(ctx.db, ctx.viewer.userId);
  const models = listedModels(catalog).map((m) => {
    const route = resolveRoute(catalog, m.id);
    return { id: m.id, owned_by: m.owned_by, route: route.pattern, chain: route.chain.map((t) => ({ id: t.id, name: t.name, model: t.modelName })) };
  });
  const quotaSources = Object.fromEntries(catalog.configs.map((c) => [c.id, catalog.quotaSources.get(c.id) ?? "auto"]));
  return { models, providers, quotaSources, configs: [...catalog.configs.map((c) => ({ id: c.id, name: c.name, model: c.modelName })), { id: BUILTIN.id, name: "Built-in (offline)", model: BUILTIN.modelName }] };
}

/** Recent gateway calls (the live log) and per-minute latency, tokens and cost for the charts. */
export async function recentCalls({ db, viewer }: AuthedContext, minutes: number) {
  const since = new Date(Date.now() - minutes * 60_000);
  const rows = await db.modelCall.findMany({
    where: { userId: viewer.userId, purpose: "gateway", createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    take: 2000,
  });
  const buckets = new Map<number, { minute: string; calls: number; errors: number; latency: number[]; tokens: number; cost_micros: number }>();
  for (const r of rows) {
    const key = Math.floor(r.createdAt.getTime() / 60_000) * 60_000;
    const b = buckets.get(key) ?? { minute: new Date(key).toISOString(), calls: 0, errors: 0, latency: [], tokens: 0, cost_micros: 0 };
    b.calls++;
    if (r.status !== "ok") b.errors++;
    b.latency.push(r.latencyMs);
    b.tokens += r.inputTokens + r.outputTokens;
    b.cost_micros += r.costMicros;
    buckets.set(key, b);
  }
  const series = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, b]) => {
      const sorted = [...b.latency].sort((x, y) => x - y);
      return { minute: b.minute, calls: b.calls, errors: b.errors, tokens: b.tokens, cost_micros: b.cost_micros, latency_p50: sorted[Math.floor(sorted.length / 2)] ?? 0, latency_max: sorted.at(-1) ?? 0 };
    });
  const log = rows.slice(0, 50).map((r) => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    provider: r.provider,
    model: r.model,
    status: r.status,
    latency_ms: r.latencyMs,
    tokens: r.inputTokens + r.outputTokens,
    cost_micros: r.costMicros,
    error: r.error,
  }));
  return { log, series };
}
