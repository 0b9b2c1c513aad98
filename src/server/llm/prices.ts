/**
 * Atrium's default prices, in micro-dollars per million tokens (so $0.15 / 1M tokens = 150_000).
 * A user's own rows in `model_prices` override these (see src/features/models/service/prices.ts);
 * a model found nowhere costs 0 and is metered with its tokens all the same. Provider "*" matches
 * any provider: DeepSeek through an OpenAI-compatible endpoint costs what DeepSeek charges.
 */
export interface Price {
  provider: string;
  model: string;
  inputMicrosPerMtok: number;
  outputMicrosPerMtok: number;
}

export const DEFAULT_PRICES: readonly Price[] = [
  { provider: "builtin", model: "atrium-echo-1", inputMicrosPerMtok: 0, outputMicrosPerMtok: 0 },
  { provider: "*", model: "gpt-4o", inputMicrosPerMtok: 2_500_000, outputMicrosPerMtok: 10_000_000 },
  { provider: "*", model: "gpt-4o-mini", inputMicrosPerMtok: 150_000, outputMicrosPerMtok: 600_000 },
  { provider: "*", model: "gpt-4.1", inputMicrosPerMtok: 2_000_000, outputMicrosPerMtok: 8_000_000 },
  { provider: "*", model: "gpt-4.1-mini", inputMicrosPerMtok: 400_000, outputMicrosPerMtok: 1_600_000 },
  { provider: "*", model: "claude-sonnet-4-5", inputMicrosPerMtok: 3_000_000, outputMicrosPerMtok: 15_000_000 },
  { provider: "*", model: "claude-3-5-haiku-latest", inputMicrosPerMtok: 800_000, outputMicrosPerMtok: 4_000_000 },
  { provider: "*", model: "deepseek-chat", inputMicrosPerMtok: 270_000, outputMicrosPerMtok: 1_100_000 },
  { provider: "*", model: "llama-3.3-70b-versatile", inputMicrosPerMtok: 590_000, outputMicrosPerMtok: 790_000 },
];

/** The most specific price: exact provider first, then "*"; user rows before defaults. */
export function findPrice(provider: string, model: string, own: readonly Price[]): (Price & { source: "user" | "default" }) | null {
  const pick = (rows: readonly Price[]) => rows.find((p) => p.provider === provider && p.model === model) ?? rows.find((p) => p.provider === "*" && p.model === model);
  const mine = pick(own);
  if (mine) return { ...mine, source: "user" };
  const fallback = pick(DEFAULT_PRICES);
  return fallback ? { ...fallback, source: "default" } : null;
}

/** Whole micro-dollars, rounded half up. */
export function costMicros(price: Pick<Price, "inputMicrosPerMtok" | "outputMicrosPerMtok"> | null, inputTokens: number, outputTokens: number) {
  if (!price) return 0;
  return Math.round((inputTokens * price.inputMicrosPerMtok + outputTokens * price.outputMicrosPerMtok) / 1_000_000);
}
