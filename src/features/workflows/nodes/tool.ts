import "server-only";
import { AppError } from "@/server/errors";
import { BUILTIN_TOOLS, isA2aToolName, isMcpToolName } from "@/features/agents/tools";
import { callA2aTool } from "@/features/a2a/tools";
import { callMcpTool } from "@/features/mcp/tools";
import { renderValue } from "../engine/expressions";
import { NodeError, type NodeExecutor } from "./types";

const byName = new Map(BUILTIN_TOOLS.map((t) => [t.name, t]));

/**
 * tool: one tool called directly, acting for the run's owner: a built-in tool, one of the owner's
 * MCP tools (`mcp_<server>_<tool>`) or outside A2A agents (`a2a_<agent>`). Each input value is
 * rendered (a lone `{{ x }}` keeps x's type), then parsed when it reads as JSON (`"3"` becomes 3,
 * `"[1,2]"` an array), so a form field can give numbers and lists; then the tool's own schema checks it.
 */
export const toolNode: NodeExecutor<"tool"> = async (config, ctx) => {
  const raw: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(config.input)) raw[key] = jsonish(await renderValue(template, ctx.scope));
  if (isMcpToolName(config.tool) || isA2aToolName(config.tool)) return outsideTool(config.tool, raw, ctx);
  const definition = byName.get(config.tool);
  if (!definition) throw new NodeError(`There is no built-in tool "${config.tool}" (there are ${[...byName.keys()].join(", ")}; MCP tools are named mcp_<server>_<tool>, A2A agents a2a_<agent>)`, false);
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

/**
 * An MCP tool or an A2A agent: the answer's text is the output (`{text}`, with the A2A task's id and
 * state). A tool error or a failed task fails the step; an unknown name is not retried.
 */
async function outsideTool(name: string, input: Record<string, unknown>, ctx: Parameters<NodeExecutor<"tool">>[1]) {
  try {
    if (isMcpToolName(name)) {
      const outcome = await callMcpTool(ctx.db, ctx.userId, name, input, ctx.signal);
      if (outcome.isError) throw new NodeError(`${name}: ${outcome.text}`, false);
      return { output: { text: outcome.text, ...(outcome.structured !== undefined ? { structured: outcome.structured } : {}) } };
    }
    const outcome = await callA2aTool(ctx.db, ctx.userId, name, input, ctx.signal);
    if (outcome.isError) throw new NodeError(`${name}: ${outcome.text}`, outcome.state === "working" || outcome.state === "submitted");
    return { output: { text: outcome.text, task_id: outcome.taskId, state: outcome.state } };
  } catch (error) {
    if (ctx.signal.aborted || error instanceof NodeError) throw error;
    if (error instanceof AppError) throw new NodeError(`${name}: ${error.detail}`, error.status >= 500);
    throw error;
  }
}

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
