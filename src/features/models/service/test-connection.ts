import "server-only";
import { generateText } from "ai";
import type { AuthedContext } from "@/server/context";
import { describeModelError } from "@/server/llm";
import { ownConfig, specOf } from "./configs";
import { meteredModel } from "./usage";

const TEST_DEADLINE_MS = 20_000;

/**
 * POST /model-configs/{id}/test: one real call asking for a single token. A failure (wrong key,
 * unreachable host, refused address) is the answer, `{ok: false, error}`, not an HTTP error.
 */
export async function testConfig(ctx: AuthedContext, id: string) {
  const config = await ownConfig(ctx.db, ctx.viewer.userId, id);
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const deadline = AbortSignal.timeout(TEST_DEADLINE_MS);
  try {
    const model = meteredModel(ctx.db, specOf(config), { userId: ctx.viewer.userId, purpose: "test" }, { builtin: { wordDelayMs: 0 } });
    const result = await generateText({
      model,
      prompt: "Reply with the single word OK.",
      maxOutputTokens: 1,
      maxRetries: 0,
      abortSignal: deadline,
      ...(config.temperature !== null ? { temperature: config.temperature } : {}),
    });
    return { ok: true, latency_ms: latency(), model: result.response.modelId || config.modelName };
  } catch (error) {
    if (deadline.aborted) return { ok: false, latency_ms: latency(), model: config.modelName, error: `The model did not answer within ${TEST_DEADLINE_MS / 1000} s` };
    const { message, known } = describeModelError(error);
    if (!known) console.error(`[models] connection test of ${config.id} failed`, error);
    return { ok: false, latency_ms: latency(), model: config.modelName, error: message };
  }
}
