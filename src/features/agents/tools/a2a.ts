import { jsonSchema, tool, type ToolSet } from "ai";
import type { JSONSchema7 } from "@ai-sdk/provider";
import { A2A_TOOL_INPUT_SCHEMA, a2aToolsFor, callA2aTool, type A2aToolDescription } from "@/features/a2a/tools";
import { isA2aToolName } from "./a2a-names";
import { answerToModel } from "./answer";
import type { ToolContext } from "./types";

/**
 * The `a2a_<slug>` tools among `names`, for a run acting for `ctx`'s user: each sends `{message}` to
 * the outside agent and answers its text. Descriptions come from the user's agent list, read once
 * (started here); the input schema is the same for every one.
 */
export function a2aToolSet(ctx: ToolContext, names: readonly string[]): ToolSet {
  const wanted = [...new Set(names.filter(isA2aToolName))];
  if (wanted.length === 0) return {};
  let known: Map<string, A2aToolDescription> | undefined;
  const loading = a2aToolsFor(ctx.db, ctx.userId).then(
    (list) => (known = new Map(list.map((t) => [t.name, t]))),
    () => (known = new Map()),
  );
  const set: ToolSet = {};
  for (const name of wanted) {
    set[name] = tool({
      get description() {
        return known?.get(name)?.description ?? `Ask the outside A2A agent ${name.slice(4)}`;
      },
      // A promise the AI SDK awaits before calling the model, so the description below is read once the list is in.
      inputSchema: jsonSchema<{ message: string }>(() => loading.then(() => A2A_TOOL_INPUT_SCHEMA as unknown as JSONSchema7)),
      execute: (input: { message: string }, { abortSignal }) =>
        answerToModel(name, async () => {
          const outcome = await callA2aTool(ctx.db, ctx.userId, name, input ?? {}, abortSignal ?? new AbortController().signal);
          return outcome.isError ? { error: outcome.text } : { result: outcome.text };
        }),
    });
  }
  return set;
}

/** The A2A agents the designer's picker offers this user. */
export async function describeA2aTools(ctx: ToolContext) {
  return (await a2aToolsFor(ctx.db, ctx.userId)).map((t) => ({ name: t.name, description: t.description, input_schema: t.input_schema }));
}
