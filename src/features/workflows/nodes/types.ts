import type { Db } from "@/server/db/client";
import type { NodeConfig, NodeType } from "../definition";

/**
 * What a node sees while it runs. The engine builds it per step; executors never touch the run's
 * rows themselves (the engine stores input, output, logs, attempts and timing).
 */
export interface NodeContext {
  db: Db;
  /** The run's owner: every node acts for them and sees only what they may (their agents, configs). */
  userId: string;
  runId: string;
  stepId: string;
  nodeId: string;
  /** Aborts on cancel, pause, the node's timeout or shutdown: pass it to whatever the node waits on. */
  signal: AbortSignal;
  /** `{ input, nodes: { <id>: { output } }, item?, index? }` (see definition.ts). */
  scope: ExpressionScope;
  /** Appends to the step's log (shown in the run view). */
  log(level: "debug" | "info" | "warn" | "error", message: string, data?: unknown): void;
}

export interface ExpressionScope {
  input: unknown;
  nodes: Record<string, { output: unknown }>;
  item?: unknown;
  index?: number;
}

export type NodeResult =
  /** Done; `handle` picks the outgoing edge of a branching node (condition, switch, approval). */
  | { output: unknown; handle?: string }
  /** The node waits on something durable (an approval, a child run); the engine parks the run. */
  | { wait: { approvalId?: string; childRunId?: string; untilMs?: number } };

/**
 * One node type's behaviour. Throw `NodeError` for a failure the user should read (a bad URL, a
 * non-2xx answer, a sandbox limit): the step fails with that message, and retries apply.
 */
export type NodeExecutor<T extends NodeType = NodeType> = (config: NodeConfig<T>, ctx: NodeContext) => Promise<NodeResult>;

export class NodeError extends Error {
  constructor(
    message: string,
    /** False for failures a retry cannot fix (invalid config, sandbox limit hit): no retry. */
    readonly retryable = true,
  ) {
    super(message);
    this.name = "NodeError";
  }
}
