import "server-only";
import { nodeConfigs, type NodeConfig, type NodeType } from "../definition";
import { BODY_EXECUTORS } from "./body";
import { conditionNode, switchNode } from "./logic";
import { loopNode } from "./loop";
import { NodeError, type NodeContext, type NodeExecutor, type NodeResult } from "./types";

/** The data and logic nodes; the engine runs the flow nodes itself (start, end, parallel, merge, approval, delay, subworkflow, triggers). */
const EXECUTORS: Partial<{ [T in NodeType]: NodeExecutor<T> }> = {
  ...BODY_EXECUTORS,
  condition: conditionNode,
  switch: switchNode,
  loop: loopNode,
};

export function executorFor<T extends NodeType>(type: T): NodeExecutor<T> | undefined {
  return EXECUTORS[type] as NodeExecutor<T> | undefined;
}

/**
 * Parses a stored node config with its type's schema (defaults applied) and runs the executor. A
 * config that fails its schema is a NodeError (not retryable), never a crash in the engine.
 */
export async function runNode(type: NodeType, rawConfig: unknown, ctx: NodeContext): Promise<NodeResult> {
  const executor = executorFor(type);
  if (!executor) throw new NodeError(`No executor for ${type} nodes`, false);
  const parsed = nodeConfigs[type].safeParse(rawConfig ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NodeError(`Invalid ${type} config: ${issue.path.map(String).join(".") || "config"}: ${issue.message}`, false);
  }
  return executor(parsed.data as NodeConfig<typeof type>, ctx);
}
