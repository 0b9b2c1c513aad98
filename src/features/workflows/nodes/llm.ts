import "server-only";
import { generateText } from "ai";
import { describeModelError, isAbort } from "@/server/llm";
import { specOf } from "@/features/models/service/configs";
import { meteredModel } from "@/features/models/service/usage";
import { renderTemplate } from "../engine/expressions";
import { NodeError, type NodeExecutor } from "./types";

/**
 * llm: one model call with the rendered system and prompt, through the owner's model config (or
 * the built-in offline model), metered into the usage ledger like a chat reply. With `json`, the
 * answer is parsed and the parsed value is the output; otherwise `{text, usage}`.
 */
export const llmNode: NodeExecutor<"llm"> = async (config, ctx) => {
  let spec = null;
  let temperature = config.temperature;
  let maxTokens = config.max_tokens;
  if (config.model_config_id) {
    // Someone else's config looks exactly like a missing one.
    const found = await ctx.db.modelConfig.findFirst({ where: { id: config.model_config_id, userId: ctx.userId } });
    if (!found) throw new NodeError("Model config not found (it must be one of the workflow owner's model configs)", false);
    spec = specOf(found);
    temperature ??= found.temperature ?? undefined;
    maxTokens ??= found.maxTokens ?? undefined;
  }
  const system = await renderTemplate(config.system, ctx.scope);
  const prompt = await renderTemplate(config.prompt, ctx.scope);
  if (!prompt.trim()) throw new NodeError("The prompt rendered to nothing", false);

  let result;
  try {
    result = await generateText({
      model: meteredModel(ctx.db, spec, { userId: ctx.userId, purpose: "chat" }),
      ...(system.trim() ? { system } : {}),
      prompt,
      abortSignal: ctx.signal,
      maxRetries: 1,
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxTokens !== undefined ? { maxOutputTokens: maxTokens } : {}),
    });
  } catch (error) {
    if (ctx.signal.aborted || isAbort(error)) throw error;
    throw new NodeError(describeModelError(error).message, true);
  }
  const usage = { input_tokens: result.usage.inputTokens ?? 0, output_tokens: result.usage.outputTokens ?? 0 };
  ctx.log("debug", `Model usage: ${usage.input_tokens} in, ${usage.output_tokens} out`);
  if (!config.json) return { output: { text: result.text, usage } };
  const parsed = parseJsonAnswer(result.text);
  if (parsed === NOT_JSON) {
    const shown = result.text.length > 200 ? `${result.text.slice(0, 200)}…` : result.text;
    throw new NodeError(`The model's answer is not JSON: ${shown}`, true);
  }
  return { output: parsed };
};

const NOT_JSON = Symbol("not json");

/**
 * Models wrap JSON in prose or a ```json fence more often than not: the answer as a whole, else
 * the fenced block, else the span from the first `{`/`[` to the last `}`/`]`.
 */
export function parseJsonAnswer(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced) candidates.push(fenced[1].trim());
  const first = text.search(/[[{]/);
  const last = Math.max(text.lastIndexOf("}"), text.lastIndexOf("]"));
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // the next candidate
    }
  }
  return NOT_JSON;
}
