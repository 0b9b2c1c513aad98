import { jsonSchema, tool, type ToolSet } from "ai";
import type { JSONSchema7 } from "@ai-sdk/provider";
import { callMcpTool, isMcpToolName, mcpToolsFor, type McpToolDescription } from "@/features/mcp/tools";
import { answerToModel } from "./answer";
import type { ToolContext } from "./types";

const FALLBACK_SCHEMA: JSONSchema7 = { type: "object", properties: {}, additionalProperties: true };

/**
 * The `mcp_<server>_<tool>` tools among `names`, for a run acting for `ctx`'s user. The tool set is
 * built synchronously, but what an MCP tool takes is stored with its server: the user's MCP tool
 * list is read once (started here) and each tool's input schema is that promise, which the AI SDK
 * awaits before it calls the model. The description is read before that await, so it falls back to
 * the tool's name if the read has not finished by then. A tool whose server is gone answers `{error}`.
 */
export function mcpToolSet(ctx: ToolContext, names: readonly string[]): ToolSet {
  const wanted = [...new Set(names.filter(isMcpToolName))];
  if (wanted.length === 0) return {};
  let known: Map<string, McpToolDescription> | undefined;
  const loading = mcpToolsFor(ctx.db, ctx.userId).then(
    (list) => (known = new Map(list.map((t) => [t.name, t]))),
    () => (known = new Map()),
  );
  const set: ToolSet = {};
  for (const name of wanted) {
    set[name] = tool({
      get description() {
        return known?.get(name)?.description ?? `MCP tool ${name}`;
      },
      inputSchema: jsonSchema<Record<string, unknown>>(() => loading.then((tools) => (tools.get(name)?.input_schema as JSONSchema7 | undefined) ?? FALLBACK_SCHEMA)),
      execute: (input: Record<string, unknown>, { abortSignal }) =>
        answerToModel(name, async () => {
          const outcome = await callMcpTool(ctx.db, ctx.userId, name, input ?? {}, abortSignal);
          return outcome.isError ? { error: outcome.text } : { result: outcome.text };
        }),
    });
  }
  return set;
}

/** The MCP tools the designer's picker offers this user (from each server's stored tool list). */
export async function describeMcpTools(ctx: ToolContext) {
  return (await mcpToolsFor(ctx.db, ctx.userId)).map((t) => ({ name: t.name, description: t.description, input_schema: t.input_schema }));
}
