import type { Edge, Node } from "@xyflow/react";
import { NODE_CATALOG, type DefinitionIssue, type NodeType, type WorkflowDefinition } from "../../definition";

/** What a canvas node carries: the definition's node minus id/position (React Flow keeps those). */
export interface WorkflowNodeData extends Record<string, unknown> {
  type: NodeType;
  name: string;
  config: Record<string, unknown>;
  retries: number;
  timeout_ms?: number;
  /** Set by the editor from validation and from a run's step events; never saved. */
  issues?: DefinitionIssue[];
  status?: string;
}

export type FlowNode = Node<WorkflowNodeData, "workflow">;
export type FlowEdge = Edge;
export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** A new node's config: the schema's defaults, with required text left empty so the inspector marks it. */
export function defaultConfig(type: NodeType): Record<string, unknown> {
  switch (type) {
    case "start":
      return { input_schema: [] };
    case "end":
      return { output: {} };
    case "llm":
      return { model_config_id: null, system: "", prompt: "", json: false };
    case "agent":
      return { agent_id: "", message: "" };
    case "tool":
      return { tool: "", input: {} };
    case "http":
      return { method: "GET", url: "", headers: {}, timeout_ms: 10_000 };
    case "code":
      return { source: "return input;", timeout_ms: 1_000, memory_mb: 16 };
    case "condition":
    case "transform":
      return { expression: "" };
    case "switch":
      return { expression: "", cases: [{ value: "", label: "" }] };
    case "loop":
      return { items: "", body: { type: "transform", config: { expression: "item" } }, concurrency: 1 };
    case "approval":
      return { title: "", description: "", timeout_minutes: 1_440 };
    case "delay":
      return { seconds: 5 };
    case "subworkflow":
      return { workflow_id: "", input: {} };
    case "schedule_trigger":
      return { cron: "0 9 * * 1-5", timezone: "UTC" };
    default:
      return {};
  }
}

/** `llm`, `llm_2`, `llm_3`…: readable ids, since templates refer to `nodes.<id>.output`. */
export function newNodeId(type: NodeType, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(type)) return type;
  for (let i = 2; ; i++) if (!used.has(`${type}_${i}`)) return `${type}_${i}`;
}

export function makeNode(type: NodeType, position: { x: number; y: number }, taken: Iterable<string>, config?: Record<string, unknown>, name?: string): FlowNode {
  return {
    id: newNodeId(type, taken),
    type: "workflow",
    position,
    data: { type, name: name ?? NODE_CATALOG[type].label, config: config ?? defaultConfig(type), retries: 0 },
  };
}

export const edgeId = (source: string, handle: string, target: string) => `${source}:${handle}->${target}`;

export function makeEdge(source: string, handle: string | null | undefined, target: string): FlowEdge {
  const sourceHandle = handle ?? "out";
  return { id: edgeId(source, sourceHandle, target), source, target, sourceHandle, label: sourceHandle === "out" ? undefined : sourceHandle };
}

export function toFlow(definition: WorkflowDefinition): FlowGraph {
  return {
    nodes: definition.nodes.map((n) => ({
      id: n.id,
      type: "workflow",
      position: n.position ?? { x: 0, y: 0 },
      data: { type: n.type, name: n.name || NODE_CATALOG[n.type]?.label || n.type, config: n.config ?? {}, retries: n.retries ?? 0, timeout_ms: n.timeout_ms },
    })),
    edges: definition.edges.map((e) => ({ ...makeEdge(e.source, e.source_handle, e.target), id: e.id })),
  };
}

export function toDefinition(graph: FlowGraph): WorkflowDefinition {
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      name: n.data.name,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: n.data.config,
      retries: n.data.retries,
      ...(n.data.timeout_ms ? { timeout_ms: n.data.timeout_ms } : {}),
    })),
    edges: graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, source_handle: e.sourceHandle ?? "out" })),
  };
}

/** The saved shape of a graph, for "unsaved changes" and undo (selection and statuses do not count). */
export const graphKey = (graph: FlowGraph) => JSON.stringify(toDefinition(graph));

/** A workflow new from "New workflow": start → end, ready to be filled in. */
export function starterDefinition(): WorkflowDefinition {
  return {
    nodes: [
      { id: "start", type: "start", name: "Start", position: { x: 0, y: 0 }, config: { input_schema: [] }, retries: 0 },
      { id: "end", type: "end", name: "End", position: { x: 480, y: 0 }, config: { output: {} }, retries: 0 },
    ],
    edges: [],
  };
}
