import { tool, zodSchema, type ToolSet } from "ai";
import { calculator, warmCalculator } from "./calculator";
import { currentTime } from "./current-time";
import { httpGet } from "./http-get";
import { jsonExtract } from "./json-extract";
import { a2aToolSet, describeA2aTools } from "./a2a";
import { describeMcpTools, mcpToolSet } from "./mcp";
import { answerToModel } from "./answer";
import { searchMyData } from "./search-my-data";
import type { BuiltinTool, ToolContext } from "./types";

export type { ToolContext } from "./types";
export { isMcpToolName, MAX_MCP_TOOLS_PER_AGENT } from "./mcp-names";
export { isA2aToolName, MAX_A2A_TOOLS_PER_AGENT } from "./a2a-names";

/** Atrium's built-in tools, by the name agents list in `include_tools`. */
export const BUILTIN_TOOLS: readonly BuiltinTool[] = [currentTime, calculator, httpGet, jsonExtract, searchMyData];
export const TOOL_NAMES = BUILTIN_TOOLS.map((t) => t.name);
const byName = new Map(BUILTIN_TOOLS.map((t) => [t.name, t]));

export const isToolName = (name: string) => byName.has(name);
/**
 * Each tool's input schema as the AI SDK wants it, made once: the SDK converts a zod schema to JSON
 * Schema every time it meets a new wrapper, which cost every model call a conversion per tool.
 */
const sdkSchemas = new Map(BUILTIN_TOOLS.map((t) => [t.name, zodSchema(t.inputSchema)]));

/** For the designer's tools picker: name, description and the JSON Schema the model is shown. */
export function describeTools() {
  return BUILTIN_TOOLS.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema.toJSONSchema() as Record<string, unknown> }));
}

/** The picker's list for one user: the built-in tools, then the user's MCP tools (`mcp_<server>_<tool>`) and A2A agents (`a2a_<slug>`). */
export async function describeToolsFor(ctx: ToolContext) {
  const [mcp, a2a] = await Promise.all([describeMcpTools(ctx), describeA2aTools(ctx)]);
  return [...describeTools(), ...mcp, ...a2a];
}

/**
 * The AI SDK tool set for a run, acting for `ctx`'s user. A tool that fails answers `{error}` to the
 * model (which can then say so or try again) instead of ending the run.
 */
export function toolSet(ctx: ToolContext, names: readonly string[]): ToolSet {
  const set: ToolSet = { ...mcpToolSet(ctx, names), ...a2aToolSet(ctx, names) };
  if (names.includes(calculator.name)) warmCalculator();
  for (const name of names) {
    const definition = byName.get(name);
    if (!definition) continue;
    set[name] = tool({
      description: definition.description,
      inputSchema: sdkSchemas.get(name)!,
      execute: (input: unknown, { abortSignal }) => answerToModel(name, () => definition.execute(ctx, input, abortSignal)),
    });
  }
  return set;
}
