import "server-only";
import { nodeConfigs, type NodeType } from "../definition";
import { evaluate } from "../engine/expressions";
import { BODY_EXECUTORS } from "./body";
import { NodeError, type NodeContext, type NodeExecutor } from "./types";

export const MAX_LOOP_ITEMS = 1_000;

/**
 * loop: the body node once per item of `items`, with `item` and `index` in scope, at most
 * `concurrency` at a time; the output is the list of the body's outputs in item order. The first
 * failing item stops the others and fails the loop as "item <index>: <message>".
 */
export const loopNode: NodeExecutor<"loop"> = async (config, ctx) => {
  const items = await evaluate(config.items, ctx.scope);
  if (!Array.isArray(items)) throw new NodeError(`Loop items must be a list; the expression gave ${describe(items)}`, false);
  if (items.length > MAX_LOOP_ITEMS) throw new NodeError(`Loop items has ${items.length} entries; at most ${MAX_LOOP_ITEMS}`, false);

  const type = config.body.type;
  const parsed = nodeConfigs[type].safeParse(config.body.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NodeError(`The loop body's config is invalid: ${issue.path.map(String).join(".") || type}: ${issue.message}`, false);
  }
  const run = BODY_EXECUTORS[type] as NodeExecutor<NodeType>;

  // The first failure (or the run's own abort) stops the items still running.
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  const outputs: unknown[] = new Array(items.length);
  let next = 0;
  // Read and written by the workers: a holder, so the compiler does not narrow it to its first value.
  const failed: { first?: Failure } = {};

  const worker = async () => {
    while (!failed.first && !signal.aborted && next < items.length) {
      const index = next++;
      const itemCtx: NodeContext = {
        ...ctx,
        signal,
        scope: { ...ctx.scope, item: items[index], index },
        log: (level, message, data) => ctx.log(level, `[item ${index}] ${message}`, data),
      };
      try {
        const result = await run(parsed.data, itemCtx);
        if (!("output" in result)) throw new NodeError("A loop body cannot wait", false);
        outputs[index] = result.output ?? null;
      } catch (error) {
        // The first failure wins; the items it stopped fail with an abort, which is not their fault.
        if (!stop.signal.aborted) failed.first = { index, error };
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, items.length) }, worker));

  if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : Object.assign(new Error("The loop was cancelled"), { name: "AbortError" });
  if (failed.first) {
    const { index, error } = failed.first;
    const message = error instanceof Error ? error.message : String(error);
    throw new NodeError(`item ${index}: ${message}`, error instanceof NodeError ? error.retryable : true);
  }
  ctx.log("info", `Ran ${items.length} item${items.length === 1 ? "" : "s"}`);
  return { output: outputs };
};

interface Failure {
  index: number;
  error: unknown;
}

function describe(value: unknown) {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
