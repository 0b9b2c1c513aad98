import { evaluate } from "../engine/expressions";
import type { NodeExecutor } from "./types";

/** transform: the expression's value is the output (undefined becomes null: outputs are JSON). */
export const transformNode: NodeExecutor<"transform"> = async (config, ctx) => ({ output: (await evaluate(config.expression, ctx.scope)) ?? null });

/** condition: JSONata truthiness ($boolean) picks the `true` or `false` handle. */
export const conditionNode: NodeExecutor<"condition"> = async (config, ctx) => {
  const value = truthy(await evaluate(config.expression, ctx.scope));
  return { output: { value }, handle: value ? "true" : "false" };
};

/** switch: the first case whose value equals the result as a string; else `default`. */
export const switchNode: NodeExecutor<"switch"> = async (config, ctx) => {
  const result = await evaluate(config.expression, ctx.scope);
  const text = result === undefined || result === null ? "" : typeof result === "string" ? result : JSON.stringify(result);
  const matched = config.cases.findIndex((c) => c.value === text);
  return { output: { value: result ?? null, case: matched < 0 ? null : matched }, handle: matched < 0 ? "default" : `case-${matched}` };
};

/**
 * JSONata's rules, so a condition means the same as `$boolean(expr)` in an expression: empty
 * strings, 0, null, empty arrays and objects with no keys are false.
 */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(truthy);
  if (typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}
