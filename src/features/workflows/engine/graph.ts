import { NODE_CATALOG, workflowDefinition, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from "../definition";

/**
 * A definition compiled for running: nodes by id, edges by their ends, and which node a trigger
 * enters through. Plain data, no database: the scheduler and startWorkflowRun share it.
 */
export interface Graph {
  nodes: Map<string, WorkflowNode>;
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
}

export function compileGraph(definition: unknown): Graph {
  const parsed: WorkflowDefinition = workflowDefinition.parse(definition);
  const nodes = new Map(parsed.nodes.map((node) => [node.id, node]));
  const incoming = new Map<string, WorkflowEdge[]>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const node of parsed.nodes) {
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of parsed.edges) {
    // An edge to or from a node that is not there is ignored (validation reports it in the editor).
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    incoming.get(edge.target)!.push(edge);
    outgoing.get(edge.source)!.push(edge);
  }
  return { nodes, incoming, outgoing };
}

/** Which entry node types each trigger prefers, in order. */
const ENTRY_PREFERENCE: Record<string, string[]> = {
  webhook: ["webhook_trigger", "start"],
  schedule: ["schedule_trigger", "start"],
};

/**
 * The node a run enters through: `start` for manual, batch, re-run, sub-workflow and test runs; a
 * webhook (schedule) run prefers the webhook (schedule) trigger, else `start`; failing those, the
 * first entry node of the definition.
 */
export function entryNode(graph: Graph, trigger: string): WorkflowNode | null {
  const nodes = [...graph.nodes.values()];
  for (const type of ENTRY_PREFERENCE[trigger] ?? ["start"]) {
    const found = nodes.find((node) => node.type === type);
    if (found) return found;
  }
  return nodes.find((node) => NODE_CATALOG[node.type].entry) ?? null;
}

/** Every node upstream of `nodeId` (its ancestors, not itself). */
export function ancestorsOf(graph: Graph, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    for (const edge of graph.incoming.get(stack.pop()!) ?? []) {
      if (seen.has(edge.source)) continue;
      seen.add(edge.source);
      stack.push(edge.source);
    }
  }
  return seen;
}
