"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useMemo } from "react";
import type { WorkflowDefinition } from "../../definition";
import { toFlow } from "../editor/graph";
import { nodeTypes } from "../editor/workflow-node";
import type { LiveRun } from "./use-run-events";

/** The run's workflow version, read-only, each node coloured by its step's status. */
export function RunCanvas({ definition, run, selected, onSelect }: { definition: WorkflowDefinition; run: LiveRun; selected: string | null; onSelect: (nodeId: string) => void }) {
  const graph = useMemo(() => toFlow(definition), [definition]);
  const nodes = useMemo(
    () => graph.nodes.map((n) => ({ ...n, selected: n.id === selected, data: { ...n.data, status: run.steps[n.id]?.status ?? (run.status === "succeeded" ? "skipped" : undefined) } })),
    [graph.nodes, run, selected],
  );
  return (
    <ReactFlowProvider>
      <ReactFlow
        nodes={nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onNodeClick={(_e, node) => onSelect(node.id)}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: "smoothstep" }}
        aria-label="The run's workflow"
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
