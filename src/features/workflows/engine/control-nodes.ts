import "server-only";
import { randomUUID } from "node:crypto";
import { requestApproval } from "@/features/approvals/service/approvals";
import type { NodeConfig, NodeType, WorkflowNode } from "../definition";
import { WORKFLOW_RESUME_JOB } from "../runs/job-names";
import { NodeError, type NodeContext, type NodeResult } from "../nodes/types";
import { renderTemplate, renderValue } from "./expressions";
import type { RunEnv } from "./run-env";
import { incomingOutputs, sinks } from "./scheduler";

/** A delay this short sleeps inside the step; a longer one parks the run until its wake time. */
export const SHORT_DELAY_MS = 2_000;

type ControlExecutor<T extends NodeType> = (config: NodeConfig<T>, ctx: NodeContext, env: RunEnv, node: WorkflowNode) => Promise<NodeResult>;

/** What the nodes before this one passed on: the one active input's output, or all of them by node. */
function passThrough(env: RunEnv, nodeId: string): unknown {
  const outputs = incomingOutputs(env.graph, env.states, nodeId);
  const keys = Object.keys(outputs);
  return keys.length === 1 ? outputs[keys[0]] : outputs;
}

const entry: ControlExecutor<"start"> = async (_config, _ctx, env) => ({ output: env.input });

const end: ControlExecutor<"end"> = async (config, ctx, env, node) => {
  const keys = Object.keys(config.output);
  if (!keys.length) return { output: incomingOutputs(env.graph, env.states, node.id) };
  const output: Record<string, unknown> = {};
  for (const key of keys) output[key] = await renderValue(config.output[key], ctx.scope);
  return { output };
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error("aborted"));
    }, { once: true });
  });

const delay: ControlExecutor<"delay"> = async (config, ctx, env, node) => {
  const ms = Math.round(config.seconds * 1000);
  if (ms <= SHORT_DELAY_MS) {
    await sleep(ms, ctx.signal);
    return { output: passThrough(env, node.id) };
  }
  return { wait: { untilMs: Date.now() + ms } };
};

const approval: ControlExecutor<"approval"> = async (config, ctx, env, node) => {
  const approvalId = randomUUID();
  const description = config.description ? await renderTemplate(config.description, ctx.scope) : "";
  await requestApproval(env.db, {
    id: approvalId,
    ownerId: env.userId,
    requesterId: env.userId,
    source: "workflow",
    action: config.title,
    description: description || config.title,
    payload: { workflow_id: env.workflowId, run_id: env.runId, node_id: node.id, title: config.title },
    resumeTarget: { job: WORKFLOW_RESUME_JOB, data: { run_id: env.runId, step_id: ctx.stepId } },
    timeoutMinutes: config.timeout_minutes,
  });
  ctx.log("info", `Waiting for approval: ${config.title}`);
  return { wait: { approvalId } };
};

const subworkflow: ControlExecutor<"subworkflow"> = async (config, ctx, env) => {
  const input: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(config.input)) input[key] = await renderValue(template, ctx.scope);
  // Loaded here: the run service imports the engine's graph, and the engine starts runs.
  const { startWorkflowRun } = await import("../runs/service");
  try {
    const child = await startWorkflowRun(env.db, { workflowId: config.workflow_id, userId: env.userId, input, trigger: "subworkflow", parentRunId: env.runId, parentStepId: ctx.stepId });
    ctx.log("info", `Started sub-workflow run ${child.id}`);
    return { wait: { childRunId: child.id } };
  } catch (error) {
    throw new NodeError(`The sub-workflow could not start: ${error instanceof Error ? error.message : String(error)}`, false);
  }
};

const CONTROL: Partial<{ [T in NodeType]: ControlExecutor<T> }> = {
  start: entry,
  webhook_trigger: entry as unknown as ControlExecutor<"webhook_trigger">,
  schedule_trigger: entry as unknown as ControlExecutor<"schedule_trigger">,
  end,
  parallel: async (_config, _ctx, env, node) => ({ output: passThrough(env, node.id) }),
  merge: async (_config, _ctx, env, node) => ({ output: incomingOutputs(env.graph, env.states, node.id) }),
  delay,
  approval,
  subworkflow,
};

export function controlExecutorFor<T extends NodeType>(type: T): ControlExecutor<T> | undefined {
  return CONTROL[type] as ControlExecutor<T> | undefined;
}

/**
 * A finished run's output: its `end` node's (the last to finish, if branches had several), else the
 * outputs of the nodes nothing follows that succeeded (one: its output; several: by node id).
 */
export function runOutput(env: RunEnv): unknown {
  let last: { output: unknown; at: number } | null = null;
  for (const [id, node] of env.graph.nodes) {
    const state = env.states.get(id);
    if (node.type !== "end" || state?.status !== "succeeded") continue;
    const at = state.finishedAt ?? 0;
    if (!last || at >= last.at) last = { output: state.output, at };
  }
  if (last) return last.output;
  const outputs: Record<string, unknown> = {};
  for (const id of sinks(env.graph)) if (env.states.get(id)?.status === "succeeded") outputs[id] = env.states.get(id)!.output;
  const keys = Object.keys(outputs);
  return keys.length === 1 ? outputs[keys[0]] : outputs;
}

