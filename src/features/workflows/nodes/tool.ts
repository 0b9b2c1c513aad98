import "server-only";
import { AppError } from "@/server/errors";
import { BUILTIN_TOOLS } from "@/features/agents/tools";
import { renderValue } from "../engine/expressions";
import { NodeError, type NodeExecutor } from "./types";

const byName = new Map(BUILTIN_TOOLS.map((t) => [t.name, t]));

/**
 * tool: one built-in tool called directly, acting for the run's owner. Each input value is
 * rendered (a lone `{{ x }}` keeps x's type), then parsed when it reads as JSON (`"3"` becomes 3,
 * `"[1,2]"` an array), so a form field can give numbers and lists; then the tool's own schema checks it.
 */
export const toolNode: NodeExecutor<"tool"> = async (config, ctx) => {
  const definition = byName.get(config.tool);
  if (!definition) throw new NodeError(`There is no built-in tool "${config.tool}" (there are ${[...byName.keys()].join(", ")})`, false);
  const raw: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(config.input)) raw[key] = jsonish(await renderValue(template, ctx.scope));
  const parsed = definition.inputSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "input"}: ${i.message}`).join("; ");
    throw new NodeError(`Invalid input for ${config.tool}: ${issues}`, false);
  }
  try {
    return { output: (await definition.execute({ db: ctx.db, userId: ctx.userId }, parsed.data, ctx.signal)) ?? null };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (error instanceof AppError) throw new NodeError(`${config.tool}: ${error.detail}`, error.status >= 500);
    throw error;
  }
};

/** A rendered string that is JSON (a number, true/false/null, an object or array) becomes that value. */
function jsonish(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const t = value.trim();
  if (!/^(-?\d|[[{"]|true$|false$|null$)/.test(t)) return value;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return value;
  }
}
