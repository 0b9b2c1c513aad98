import { AppError } from "@/server/errors";
import type { z } from "zod";
import {
  NODE_CATALOG,
  nodeConfigs,
  outputHandles,
  type DefinitionIssue,
  type NodeType,
  type WorkflowDefinition,
  type WorkflowNode,
} from "../definition";
import { checkExpression, checkTemplate } from "./expressions";

/**
 * Everything wrong with a workflow's graph, for the editor (marks nodes and fields red) and for the
 * engine (refuses to run a definition with issues). Pure and synchronous, no server imports: the
 * editor calls it on every change, so it stays linear in nodes + edges.
 */
export function validateDefinition(def: WorkflowDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const byId = new Map<string, WorkflowNode>();

  for (const node of def.nodes) {
    if (byId.has(node.id)) issues.push(issue(node.id, null, `Two nodes have the id "${node.id}"; ids must be unique`));
    else byId.set(node.id, node);
    if (!(node.type in nodeConfigs)) {
      issues.push(issue(node.id, null, `Unknown node type "${String(node.type)}"`));
      continue;
    }
    issues.push(...configIssues(node.id, node.type, node.config));
  }

  const entries = def.nodes.filter((n) => NODE_CATALOG[n.type]?.entry);
  if (!entries.length) issues.push(issue(null, null, "The workflow needs an entry node: Start, Webhook or Schedule"));
  const starts = def.nodes.filter((n) => n.type === "start");
  if (starts.length > 1) for (const extra of starts.slice(1)) issues.push(issue(extra.id, null, "A workflow has at most one Start node"));

  const edgeIds = new Set<string>();
  const links = new Set<string>();
  const outgoing = new Map<string, string[]>();
  for (const edge of def.edges) {
    if (edgeIds.has(edge.id)) issues.push(issue(null, null, `Two edges have the id "${edge.id}"`));
    edgeIds.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) issues.push(issue(null, null, `An edge starts at "${edge.source}", which is not a node`));
    if (!target) issues.push(issue(null, null, `An edge ends at "${edge.target}", which is not a node`));
    if (!source || !target) continue;
    const refused = connectionProblem(source, edge.source_handle, target);
    if (refused) {
      issues.push(issue(source.id === target.id || !NODE_CATALOG[target.type].entry ? source.id : target.id, null, refused));
      if (source.id === target.id) continue;
    }
    const link = `${edge.source}\u0000${edge.source_handle}\u0000${edge.target}`;
    if (links.has(link)) issues.push(issue(source.id, null, `Two edges join "${source.id}" (${edge.source_handle}) to "${target.id}"`));
    links.add(link);
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  }

  const onCycle = findCycle([...byId.keys()], outgoing);
  if (onCycle) issues.push(issue(onCycle, null, `The workflow has a cycle through "${onCycle}"; loops are made with the Loop node`));

  if (entries.length) {
    const reached = reachable(
      entries.map((n) => n.id),
      outgoing,
    );
    for (const node of byId.values()) {
      if (!reached.has(node.id)) issues.push(issue(node.id, null, "No entry node leads here, so this node never runs"));
    }
  }
  return issues;
}

/**
 * Why an edge from `source`'s `sourceHandle` to `target` may not be drawn, or null when it may. The
 * editor calls this while the user drags a connection.
 */
export function canConnect(def: WorkflowDefinition, connection: { source: string; sourceHandle?: string | null; target: string }): string | null {
  const source = def.nodes.find((n) => n.id === connection.source);
  const target = def.nodes.find((n) => n.id === connection.target);
  if (!source || !target) return "Both ends must be nodes of this workflow";
  const handle = connection.sourceHandle ?? "out";
  const refused = connectionProblem(source, handle, target);
  if (refused) return refused;
  if (def.edges.some((e) => e.source === source.id && e.target === target.id && e.source_handle === handle)) return "These nodes are already connected";
  const outgoing = new Map<string, string[]>();
  for (const e of def.edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
  if (reachable([target.id], outgoing).has(source.id)) return "This connection would make a cycle; use a Loop node to repeat work";
  return null;
}

function connectionProblem(source: WorkflowNode, handle: string, target: WorkflowNode): string | null {
  if (source.id === target.id) return `"${source.id}" cannot connect to itself`;
  if (!NODE_CATALOG[source.type] || !NODE_CATALOG[target.type]) return "Unknown node type";
  if (source.type === "end") return "The End node has no outgoing connections";
  if (NODE_CATALOG[target.type].entry) return `${NODE_CATALOG[target.type].label} is an entry node: nothing connects into it`;
  const handles = outputHandles(source);
  if (!handles.includes(handle)) return `"${source.id}" has no output "${handle}" (it has ${handles.map((h) => `"${h}"`).join(", ") || "none"})`;
  return null;
}

/** Config problems of one node: its type's schema, then the expressions and templates it holds. */
function configIssues(nodeId: string, type: NodeType, config: unknown, prefix = ""): DefinitionIssue[] {
  const parsed = (nodeConfigs[type] as z.ZodType).safeParse(config ?? {});
  if (!parsed.success) {
    return parsed.error.issues.map((i) => issue(nodeId, prefix + i.path.map(String).join(".") || null, friendly(i, config)));
  }
  const issues: DefinitionIssue[] = [];
  const value = parsed.data as Record<string, unknown>;
  for (const field of EXPRESSION_FIELDS[type] ?? []) {
    const problem = typeof value[field] === "string" ? checkExpression(value[field]) : null;
    if (problem) issues.push(issue(nodeId, prefix + field, problem.message));
  }
  for (const field of TEMPLATE_FIELDS[type] ?? []) {
    const templated = value[field];
    if (typeof templated === "string") {
      const problem = checkTemplate(templated);
      if (problem) issues.push(issue(nodeId, prefix + field, problem.message));
    } else if (templated && typeof templated === "object") {
      for (const [key, text] of Object.entries(templated as Record<string, unknown>)) {
        const problem = typeof text === "string" ? checkTemplate(text) : null;
        if (problem) issues.push(issue(nodeId, `${prefix}${field}.${key}`, problem.message));
      }
    }
  }
  if (type === "loop") {
    const body = value.body as { type: NodeType; config: unknown };
    issues.push(...configIssues(nodeId, body.type, body.config, `${prefix}body.config.`));
  }
  return issues;
}

/** Fields holding one bare JSONata expression. */
const EXPRESSION_FIELDS: Partial<Record<NodeType, string[]>> = {
  condition: ["expression"],
  switch: ["expression"],
  loop: ["items"],
  transform: ["expression"],
};

/** Fields holding a template (a string, or a map of strings) with `{{ }}` placeholders. */
const TEMPLATE_FIELDS: Partial<Record<NodeType, string[]>> = {
  end: ["output"],
  llm: ["system", "prompt"],
  agent: ["message"],
  tool: ["input"],
  http: ["url", "headers", "body"],
  approval: ["description"],
  subworkflow: ["input"],
};

function friendly(i: z.core.$ZodIssue, config: unknown): string {
  // A schema's own message ("Choose an agent") beats a generic one.
  if (i.code === "invalid_type" && !i.message.startsWith("Invalid input")) return i.message;
  if (i.code === "invalid_type") {
    const present = i.path.reduce<unknown>((at, key) => (at && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[key] : undefined), config);
    if (present === undefined) return "Required";
    return `Should be ${i.expected === "record" ? "an object" : `a ${i.expected}`}`;
  }
  if (i.code === "too_big" && i.origin === "string") return `At most ${String(i.maximum)} characters`;
  if (i.code === "too_small" && i.origin === "string" && i.message.startsWith("Too small")) return "Required";
  if (i.code === "invalid_value") return `Should be one of ${i.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return i.message;
}

function findCycle(ids: string[], outgoing: Map<string, string[]>): string | null {
  // Iterative DFS (a 200-node chain would be fine recursively, but nothing here should depend on that).
  const state = new Map<string, 1 | 2>();
  for (const root of ids) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const targets = outgoing.get(top.id) ?? [];
      if (top.next >= targets.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const target = targets[top.next++];
      const seen = state.get(target);
      if (seen === 1) return target;
      if (seen === undefined) {
        state.set(target, 1);
        stack.push({ id: target, next: 0 });
      }
    }
  }
  return null;
}

function reachable(from: string[], outgoing: Map<string, string[]>): Set<string> {
  const seen = new Set(from);
  const queue = [...from];
  while (queue.length) {
    for (const next of outgoing.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

const issue = (node_id: string | null, field: string | null, message: string): DefinitionIssue => ({ node_id, field, message });

/**
 * The 422 for a definition with problems: one issue per problem, at the path the definition's own
 * parse errors use (definition.nodes.<index>.config.<field>), so every way of running a workflow
 * (execute, webhooks, executions, batch, schedules) reports a problem at the same place.
 */
export function unrunnable(definition: WorkflowDefinition, problems: ReturnType<typeof validateDefinition>): AppError {
  const indexOf = new Map(definition.nodes.map((n, i) => [n.id, i]));
  const pathOf = (p: (typeof problems)[number]) =>
    ["definition", ...(p.node_id !== null && indexOf.has(p.node_id) ? ["nodes", String(indexOf.get(p.node_id))] : []), ...(p.field ? ["config", p.field] : [])].join(".");
  return new AppError("VALIDATION_ERROR", `The workflow has ${problems.length} problem${problems.length === 1 ? "" : "s"} to fix before it can run: ${problems[0].message}`, {
    issues: problems.slice(0, 50).map((p) => ({ path: pathOf(p), message: p.node_id ? `${p.node_id}: ${p.message}` : p.message })),
  });
}
