import type { NodeType, WorkflowDefinition, WorkflowEdge, WorkflowNode } from "../definition";

/** A starting point offered in the template gallery; every one runs on the built-in offline model. */
export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  category: "ai" | "data" | "integration" | "human";
  tags: string[];
  definition: WorkflowDefinition;
  /** An input that makes a good first run (the gallery's "try it", and the test that runs them all). */
  example_input: Record<string, unknown>;
}

/**
 * A node laid out left to right like the editor's auto-layout and its handles (inputs left, outputs
 * right): `row` is its place along the flow, `col` moves a branch down.
 */
export function node(id: string, type: NodeType, name: string, config: Record<string, unknown>, row: number, col = 0): WorkflowNode {
  return { id, type, name, config, position: { x: row * 300, y: col * 140 }, retries: 0 };
}

/** `a -> b` on a handle (default `out`). */
export function edge(source: string, target: string, handle = "out"): WorkflowEdge {
  return { id: `${source}-${handle}-${target}`, source, target, source_handle: handle };
}

/** Edges along a chain of node ids. */
export function chain(...ids: string[]): WorkflowEdge[] {
  return ids.slice(1).map((id, i) => edge(ids[i], id));
}

export function field(name: string, type: "string" | "number" | "boolean" | "object" | "array", required: boolean, description: string) {
  return { name, type, required, description };
}
