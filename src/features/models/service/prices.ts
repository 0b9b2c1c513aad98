import "server-only";
import type { AuthedContext } from "@/server/context";
import type { DbTx } from "@/server/db/client";
import { DEFAULT_PRICES, type Price } from "@/server/llm";
import type { priceSet } from "../schemas";
import type { z } from "zod";

export async function ownPrices(db: DbTx, userId: string): Promise<Price[]> {
  return db.modelPrice.findMany({
    where: { userId },
    select: { provider: true, model: true, inputMicrosPerMtok: true, outputMicrosPerMtok: true },
  });
}

const toDto = (p: Price, source: "user" | "default") => ({
  provider: p.provider,
  model: p.model,
  input_micros_per_mtok: p.inputMicrosPerMtok,
  output_micros_per_mtok: p.outputMicrosPerMtok,
  source,
});

/** GET /model-prices: the viewer's own prices, then the defaults they have not overridden. */
export async function listPrices({ db, viewer }: AuthedContext) {
  const own = await ownPrices(db, viewer.userId);
  const overridden = new Set(own.map((p) => `${p.provider}\u0000${p.model}`));
  return [
    ...own.sort((a, b) => a.model.localeCompare(b.model)).map((p) => toDto(p, "user")),
    ...DEFAULT_PRICES.filter((p) => !overridden.has(`${p.provider}\u0000${p.model}`)).map((p) => toDto(p, "default")),
  ];
}

/** PUT /model-prices: sets the viewer's price for a model (per provider, or "*" for any). */
export async function setPrice({ db, viewer }: AuthedContext, input: z.infer<typeof priceSet>) {
  const row = await db.modelPrice.upsert({
    where: { userId_provider_model: { userId: viewer.userId, provider: input.provider, model: input.model } },
    create: {
      userId: viewer.userId,
      provider: input.provider,
      model: input.model,
      inputMicrosPerMtok: input.input_micros_per_mtok,
      outputMicrosPerMtok: input.output_micros_per_mtok,
    },
    update: { inputMicrosPerMtok: input.input_micros_per_mtok, outputMicrosPerMtok: input.output_micros_per_mtok },
  });
  return toDto(row, "user");
}
