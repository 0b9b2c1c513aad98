import type { WorkflowEdge } from "../definition";
import type { StepStatus } from "../runs/schemas";
import type { Graph } from "./graph";

/** What the engine knows of one node of a run (from its step row, or nothing yet). */
export interface NodeState {
  status: StepStatus;
  stepId: string;
  handle: string | null;
  output: unknown;
  attempts: number;
  approvalId?: string | null;
  childRunId?: string | null;
  input?: unknown;
  error?: string | null;
  /** When it finished (epoch ms), to tell which of several `end` nodes was last. */
  finishedAt?: number;
}

export type States = Map<string, NodeState>;

/** A node whose outgoing edges are decided: it succeeded (and chose a handle) or was skipped. */
const settled = (state: NodeState | undefined) => state?.status === "succeeded" || state?.status === "skipped";

/** An edge carries the run on: its source succeeded and chose the edge's handle (non-branching nodes choose `out`). */
export const isActive = (edge: WorkflowEdge, states: States) => {
  const source = states.get(edge.source);
  return source?.status === "succeeded" && (source.handle ?? "out") === edge.source_handle;
};

/**
 * What to do with a node not started yet: `ready` when every incoming edge is settled and one is
 * active (the entry node is always ready); `skip` when every incoming edge is settled and none is
 * active (dead-path elimination: the branch not taken, and whatever only it leads to), or when
 * nothing leads to it (another entry, an orphan); `blocked` while an incoming edge is unsettled.
 */
export function decide(graph: Graph, states: States, entryId: string, nodeId: string): "ready" | "skip" | "blocked" {
  if (nodeId === entryId) return "ready";
  const incoming = graph.incoming.get(nodeId) ?? [];
  if (incoming.length === 0) return "skip";
  let active = false;
  for (const edge of incoming) {
    if (!settled(states.get(edge.source))) return "blocked";
    if (isActive(edge, states)) active = true;
  }
  return active ? "ready" : "skip";
}

/** The nodes to start and to skip now: those with no step yet (or one left pending). */
export function nextMoves(graph: Graph, states: States, entryId: string) {
  const ready: string[] = [];
  const skip: string[] = [];
  for (const nodeId of graph.nodes.keys()) {
    const state = states.get(nodeId);
    if (state && state.status !== "pending" && state.status !== "running") continue;
    // A `running` step without a live promise was interrupted (a crash): it runs again.
    const move = decide(graph, states, entryId, nodeId);
    if (move === "ready") ready.push(nodeId);
    else if (move === "skip") skip.push(nodeId);
  }
  return { ready, skip };
}

/** The outputs of the active edges into a node, by source: what a merge combines and a step's input shows. */
export function incomingOutputs(graph: Graph, states: States, nodeId: string): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const edge of graph.incoming.get(nodeId) ?? []) if (isActive(edge, states)) outputs[edge.source] = states.get(edge.source)!.output;
  return outputs;
}

/** Nodes no edge leaves: where a run without an `end` node takes its output from. */
export const sinks = (graph: Graph) => [...graph.nodes.keys()].filter((id) => (graph.outgoing.get(id) ?? []).length === 0);
