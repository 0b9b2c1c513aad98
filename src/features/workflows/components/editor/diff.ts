import type { WorkflowDefinition } from "../../definition";

export interface DefinitionDiff {
  added: string[];
  removed: string[];
  changed: string[];
  edgesAdded: number;
  edgesRemoved: number;
}

const nodeBody = (n: WorkflowDefinition["nodes"][number]) => JSON.stringify({ type: n.type, name: n.name, config: n.config, retries: n.retries, timeout_ms: n.timeout_ms });
const edgeKey = (e: WorkflowDefinition["edges"][number]) => `${e.source}:${e.source_handle}->${e.target}`;

/** What `to` has that `from` has not, by node id (moving a node is not a change). */
export function diffDefinitions(from: WorkflowDefinition, to: WorkflowDefinition): DefinitionDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const fromEdges = new Set(from.edges.map(edgeKey));
  const toEdges = new Set(to.edges.map(edgeKey));
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    changed: [...after.keys()].filter((id) => before.has(id) && nodeBody(before.get(id)!) !== nodeBody(after.get(id)!)),
    edgesAdded: [...toEdges].filter((k) => !fromEdges.has(k)).length,
    edgesRemoved: [...fromEdges].filter((k) => !toEdges.has(k)).length,
  };
}
