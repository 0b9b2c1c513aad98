"use client";

import { useCallback, useRef, useState } from "react";
import { graphKey, type FlowGraph } from "./graph";

const LIMIT = 100;

/**
 * Undo/redo over snapshots of the graph. `record(before)` is called before each change the person
 * makes (a drag records once, on its start), so undo returns to exactly what they saw.
 */
export function useGraphHistory() {
  const past = useRef<FlowGraph[]>([]);
  const future = useRef<FlowGraph[]>([]);
  const [counts, setCounts] = useState({ past: 0, future: 0 });
  const bump = () => setCounts({ past: past.current.length, future: future.current.length });

  const record = useCallback((before: FlowGraph) => {
    const last = past.current.at(-1);
    if (last && graphKey(last) === graphKey(before)) return;
    past.current = [...past.current.slice(-(LIMIT - 1)), strip(before)];
    future.current = [];
    bump();
  }, []);

  const undo = useCallback((current: FlowGraph): FlowGraph | null => {
    const previous = past.current.at(-1);
    if (!previous) return null;
    past.current = past.current.slice(0, -1);
    future.current = [...future.current, strip(current)];
    bump();
    return previous;
  }, []);

  const redo = useCallback((current: FlowGraph): FlowGraph | null => {
    const next = future.current.at(-1);
    if (!next) return null;
    future.current = future.current.slice(0, -1);
    past.current = [...past.current, strip(current)];
    bump();
    return next;
  }, []);

  const clear = useCallback(() => {
    past.current = [];
    future.current = [];
    bump();
  }, []);

  return { record, undo, redo, clear, canUndo: counts.past > 0, canRedo: counts.future > 0 };
}

/** Snapshots keep what is saved, not what is shown (issues, run statuses, selection). */
function strip(graph: FlowGraph): FlowGraph {
  return {
    nodes: graph.nodes.map(({ id, type, position, data }) => ({ id, type, position, data: { type: data.type, name: data.name, config: data.config, retries: data.retries, timeout_ms: data.timeout_ms } })),
    edges: graph.edges.map(({ id, source, target, sourceHandle, label }) => ({ id, source, target, sourceHandle, label })),
  };
}
