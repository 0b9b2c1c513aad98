"use client";

import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useMemo, useRef, useState } from "react";
import type { NodeType, WorkflowDefinition } from "../../definition";
import { graphKey, makeEdge, makeNode, newNodeId, toDefinition, toFlow, type FlowEdge, type FlowGraph, type FlowNode, type WorkflowNodeData } from "./graph";
import { useGraphHistory } from "./history";
import { autoLayout } from "./layout";

/**
 * The editor's graph: nodes and edges in React Flow's shape, every change a person makes recorded
 * for undo (typing into one field is one step, not one per key), copy/paste with fresh ids.
 */
export function useEditorGraph(definition: WorkflowDefinition) {
  const initial = useMemo(() => toFlow(definition), [definition]);
  const [nodes, setNodes] = useState<FlowNode[]>(initial.nodes);
  const [edges, setEdges] = useState<FlowEdge[]>(initial.edges);
  const history = useGraphHistory();
  // The graph as of the last change, for handlers (state may not have re-rendered yet); every write goes through it.
  const current = useRef<FlowGraph>(initial);
  const clipboard = useRef<FlowGraph | null>(null);
  const lastEdit = useRef<{ key: string; at: number } | null>(null);

  /** Applies a change after recording what was there; `coalesce` merges quick edits of one field into one undo step. */
  const change = useCallback(
    (mutate: (graph: FlowGraph) => FlowGraph, coalesce?: string) => {
      const before = current.current;
      const now = Date.now();
      const merge = coalesce && lastEdit.current?.key === coalesce && now - lastEdit.current.at < 1500;
      if (!merge) history.record(before);
      lastEdit.current = coalesce ? { key: coalesce, at: now } : null;
      const after = mutate(before);
      current.current = after;
      setNodes(after.nodes);
      setEdges(after.edges);
    },
    [history],
  );

  const replace = useCallback((graph: FlowGraph) => {
    current.current = graph;
    setNodes(graph.nodes);
    setEdges(graph.edges);
  }, []);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const next = applyNodeChanges(changes, current.current.nodes);
    current.current = { ...current.current, nodes: next };
    setNodes(next);
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    const next = applyEdgeChanges(changes, current.current.edges);
    current.current = { ...current.current, edges: next };
    setEdges(next);
  }, []);

  const select = (graph: FlowGraph, ids: Set<string>): FlowGraph => ({
    nodes: graph.nodes.map((n) => (n.selected === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) })),
    edges: graph.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
  });

  const addNode = useCallback(
    (type: NodeType, position: { x: number; y: number }, config?: Record<string, unknown>, name?: string) => {
      const node = makeNode(type, position, current.current.nodes.map((n) => n.id), config ? structuredClone(config) : undefined, name);
      change((g) => select({ nodes: [...g.nodes, node], edges: g.edges }, new Set([node.id])));
      return node.id;
    },
    [change],
  );

  const connect = useCallback(
    (c: Connection) => {
      if (!c.source || !c.target) return;
      change((g) => ({ nodes: g.nodes, edges: [...g.edges.filter((e) => !(e.source === c.source && e.target === c.target && (e.sourceHandle ?? "out") === (c.sourceHandle ?? "out"))), makeEdge(c.source, c.sourceHandle, c.target)] }));
    },
    [change],
  );

  const disconnect = useCallback((edgeId: string) => change((g) => ({ nodes: g.nodes, edges: g.edges.filter((e) => e.id !== edgeId) })), [change]);

  const updateNode = useCallback(
    (id: string, data: Partial<WorkflowNodeData>) => {
      change((g) => {
        const nodes = g.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...data } } : n));
        // A switch that lost cases loses the edges of the handles that are gone.
        const node = nodes.find((n) => n.id === id);
        let edges = g.edges;
        if (node?.data.type === "switch" && data.config) {
          const count = Array.isArray(data.config.cases) ? data.config.cases.length : 0;
          edges = edges.filter((e) => e.source !== id || !/^case-\d+$/.test(e.sourceHandle ?? "") || Number((e.sourceHandle ?? "").slice(5)) < count);
        }
        return { nodes, edges };
      }, `node:${id}:${Object.keys(data).join(",")}`);
    },
    [change],
  );

  const deleteSelection = useCallback(() => {
    const g = current.current;
    const gone = new Set(g.nodes.filter((n) => n.selected).map((n) => n.id));
    const edgesGone = new Set(g.edges.filter((e) => e.selected).map((e) => e.id));
    if (gone.size === 0 && edgesGone.size === 0) return false;
    change((graph) => ({ nodes: graph.nodes.filter((n) => !gone.has(n.id)), edges: graph.edges.filter((e) => !edgesGone.has(e.id) && !gone.has(e.source) && !gone.has(e.target)) }));
    return true;
  }, [change]);

  const deleteNode = useCallback((id: string) => change((g) => ({ nodes: g.nodes.filter((n) => n.id !== id), edges: g.edges.filter((e) => e.source !== id && e.target !== id) })), [change]);

  const copy = useCallback(() => {
    const g = current.current;
    const picked = g.nodes.filter((n) => n.selected);
    if (!picked.length) return 0;
    const ids = new Set(picked.map((n) => n.id));
    clipboard.current = structuredClone({ nodes: picked.map(({ id, type, position, data }) => ({ id, type, position, data })), edges: g.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
    return picked.length;
  }, []);

  const paste = useCallback(() => {
    const copied = clipboard.current;
    if (!copied?.nodes.length) return 0;
    const taken = current.current.nodes.map((n) => n.id);
    const renamed = new Map<string, string>();
    const nodes = copied.nodes.map((n) => {
      const id = newNodeId(n.data.type, [...taken, ...renamed.values()]);
      renamed.set(n.id, id);
      return { ...structuredClone(n), id, selected: true, position: { x: n.position.x + 40, y: n.position.y + 40 } };
    });
    const edges = copied.edges.map((e) => makeEdge(renamed.get(e.source)!, e.sourceHandle, renamed.get(e.target)!));
    change((g) => ({ nodes: [...g.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes], edges: [...g.edges, ...edges] }));
    // The next paste lands another step further.
    clipboard.current = { nodes: copied.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y + 40 } })), edges: copied.edges };
    return nodes.length;
  }, [change]);

  const layout = useCallback(() => change((g) => autoLayout(g)), [change]);
  const undo = useCallback(() => {
    const previous = history.undo(current.current);
    if (previous) replace(previous);
    lastEdit.current = null;
  }, [history, replace]);
  const redo = useCallback(() => {
    const next = history.redo(current.current);
    if (next) replace(next);
    lastEdit.current = null;
  }, [history, replace]);

  /** Before a drag moves nodes: the positions to return to on undo. */
  const beginDrag = useCallback(() => {
    history.record(current.current);
    lastEdit.current = null;
  }, [history]);

  const reset = useCallback(
    (def: WorkflowDefinition) => {
      replace(toFlow(def));
      history.clear();
    },
    [history, replace],
  );

  const definitionNow = useCallback(() => toDefinition(current.current), []);
  const key = useMemo(() => graphKey({ nodes, edges }), [nodes, edges]);

  return {
    nodes,
    edges,
    key,
    onNodesChange,
    onEdgesChange,
    addNode,
    connect,
    disconnect,
    updateNode,
    deleteNode,
    deleteSelection,
    copy,
    paste,
    layout,
    undo,
    redo,
    canUndo: history.canUndo,
    canRedo: history.canRedo,
    beginDrag,
    reset,
    definitionNow,
  };
}
