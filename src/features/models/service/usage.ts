import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { costMicros, findPrice, resolveModel, withMetering, type CallRecorder, type ModelSpec } from "@/server/llm";
import type { BuiltinModelOptions } from "@/server/llm/builtin-model";
import type { usageQuery } from "../schemas";
import type { z } from "zod";
import { ownPrices } from "./prices";

export interface MeterContext {
  userId: string;
  agentId?: string | null;
  sessionId?: string | null;
  purpose: "chat" | "test" | "gateway";
}

/**
 * Writes one ledger row per model call, priced from the user's table (falling back to defaults).
 * `onRecorded` hears each row's cost once it is stored: a reply's cost is the sum of its rows, so the
 * two can never disagree (pricing the reply separately missed user prices of the built-in model and
 * rounded differently from the rows).
 */
export function ledgerRecorder(db: Db, meta: MeterContext, onRecorded?: (costMicros: number) => void): CallRecorder {
  let prices: Awaited<ReturnType<typeof ownPrices>> | undefined;
  return async (call) => {
    prices ??= await ownPrices(db, meta.userId);
    const cost = costMicros(findPrice(call.provider, call.model, prices), call.inputTokens, call.outputTokens);
    await db.modelCall.create({
      data: {
        userId: meta.userId,
        agentId: meta.agentId ?? null,
        sessionId: meta.sessionId ?? null,
        purpose: meta.purpose,
        provider: call.provider,
        model: call.model,
        inputTokens: call.inputTokens,
        outputTokens: call.outputTokens,
        costMicros: cost,
        latencyMs: call.latencyMs,
        status: call.status,
        error: call.error ?? null,
      },
    });
    onRecorded?.(cost);
  };
}

/** The model for a spec (null: the built-in one), with every call it makes metered to the ledger. */
export function meteredModel(
  db: Db,
  spec: ModelSpec | null,
  meta: MeterContext,
  options: { builtin?: BuiltinModelOptions; onRecorded?: (costMicros: number) => void } = {},
) {
  const model = resolveModel(spec, options);
  return withMetering(model, { provider: spec?.provider ?? "builtin", model: spec?.modelName ?? model.modelId }, ledgerRecorder(db, meta, options.onRecorded));
}

/** GET /model-usage: the viewer's model calls, newest first, with totals over the whole filter. */
export async function listUsage({ db, viewer }: AuthedContext, q: z.infer<typeof usageQuery>) {
  const where: Prisma.ModelCallWhereInput = {
    userId: viewer.userId,
    ...(q.agent_id ? { agentId: q.agent_id } : {}),
    ...(q.since ? { createdAt: { gte: new Date(q.since) } } : {}),
  };
  const [rows, totals] = await Promise.all([
    db.modelCall.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (q.page - 1) * q.page_size, take: q.page_size }),
    db.modelCall.aggregate({ where, _count: { _all: true }, _sum: { inputTokens: true, outputTokens: true, costMicros: true } }),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      provider: r.provider,
      model: r.model,
      purpose: r.purpose,
      agent_id: r.agentId,
      session_id: r.sessionId,
      input_tokens: r.inputTokens,
      output_tokens: r.outputTokens,
      cost_micros: r.costMicros,
      latency_ms: r.latencyMs,
      status: r.status as "ok" | "error" | "aborted",
      error: r.error,
      created_at: r.createdAt.toISOString(),
    })),
    total: totals._count._all,
    page: q.page,
    page_size: q.page_size,
    totals: {
      calls: totals._count._all,
      input_tokens: totals._sum.inputTokens ?? 0,
      output_tokens: totals._sum.outputTokens ?? 0,
      cost_micros: totals._sum.costMicros ?? 0,
    },
  };
}
