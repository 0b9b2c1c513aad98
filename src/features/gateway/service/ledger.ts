import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { costMicros, findPrice, type CallRecorder, type Price } from "@/server/llm";
import { log } from "@/server/log";
import { ownPrices } from "@/features/models/service/prices";

/**
 * The gateway's calls go to the same ledger as chat's (model_calls, purpose "gateway"), priced from
 * the user's table like ledgerRecorder does, but written in batches off the request path: at
 * hundreds of calls a second one INSERT per call (and one price lookup per call) was most of the
 * gateway's own cost. Rows reach the table within FLUSH_MS; prices are reused for PRICE_TTL_MS.
 */
const FLUSH_MS = 50;
const MAX_BATCH = 500;
const PRICE_TTL_MS = 10_000;

const prices = new Map<string, { at: number; value: Promise<Price[]> }>();
let queue: { db: Db; row: Prisma.ModelCallCreateManyInput }[] = [];
let timer: NodeJS.Timeout | null = null;

function pricesOf(db: Db, userId: string) {
  const hit = prices.get(userId);
  if (hit && Date.now() - hit.at < PRICE_TTL_MS) return hit.value;
  const value = ownPrices(db, userId);
  value.catch(() => prices.delete(userId));
  if (prices.size > 10_000) prices.clear();
  prices.set(userId, { at: Date.now(), value });
  return value;
}

export function gatewayRecorder(db: Db, userId: string): CallRecorder {
  return async (call) => {
    const cost = costMicros(findPrice(call.provider, call.model, await pricesOf(db, userId)), call.inputTokens, call.outputTokens);
    queue.push({
      db,
      row: {
        userId,
        purpose: "gateway",
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
    if (queue.length >= MAX_BATCH) void flushLedger();
    else timer ??= setTimeout(() => void flushLedger(), FLUSH_MS);
  };
}

/** Writes what is queued (tests and shutdown may call it to see every row at once). */
export async function flushLedger() {
  if (timer) clearTimeout(timer);
  timer = null;
  const batch = queue;
  queue = [];
  const byDb = new Map<Db, Prisma.ModelCallCreateManyInput[]>();
  for (const { db, row } of batch) byDb.set(db, [...(byDb.get(db) ?? []), row]);
  await Promise.all(
    [...byDb].map(([db, rows]) =>
      db.modelCall.createMany({ data: rows }).catch((error: unknown) => log.error("could not record gateway calls", { err: error, rows: rows.length })),
    ),
  );
}
