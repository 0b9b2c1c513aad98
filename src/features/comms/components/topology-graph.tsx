"use client";

import "@xyflow/react/dist/style.css";
import dagre from "@dagrejs/dagre";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useMemo } from "react";
import { kindStyle, OnlineDot, type TopologyEdge, type TopologyNode } from "./kinds";

const WIDTH = 190;
const HEIGHT = 64;

type PartyNode = Node<{ node: TopologyNode }, "party">;

function PartyCard({ data }: NodeProps<PartyNode>) {
  const { node } = data;
  const style = kindStyle[node.kind];
  return (
    <div className={`rounded-lg border px-3 py-2 shadow-sm ${style.className}`} style={{ width: WIDTH }} data-testid="comms-graph-node">
      <Handle type="target" position={Position.Left} className="!bg-zinc-400" />
      <p className="truncate text-sm font-medium" title={node.label}>
        {node.label}
      </p>
      <p className="flex items-center justify-between gap-2 text-xs opacity-80">
        <span className="truncate">{style.label}</span>
        <OnlineDot online={node.online} />
      </p>
      <Handle type="source" position={Position.Right} className="!bg-zinc-400" />
    </div>
  );
}

const nodeTypes = { party: PartyCard };

/** Left to right (dagre): senders, then whom they message, then whom those reach. */
function layout(nodes: TopologyNode[], edges: TopologyEdge[]): { nodes: PartyNode[]; edges: Edge[] } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 90 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) g.setNode(node.id, { width: WIDTH, height: HEIGHT });
  for (const edge of edges) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  return {
    nodes: nodes.map((node) => {
      const placed = g.node(node.id);
      return { id: node.id, type: "party", position: { x: Math.round(placed.x - WIDTH / 2), y: Math.round(placed.y - HEIGHT / 2) }, data: { node } };
    }),
    edges: edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: edge.kind === "message" ? String(edge.count) : undefined,
      animated: edge.kind === "message",
      style: edge.kind === "member" ? { strokeDasharray: "4 4" } : undefined,
      markerEnd: edge.kind === "message" ? { type: MarkerType.ArrowClosed } : undefined,
    })),
  };
}

/** The comms topology drawn as a graph (read-only): nodes by kind with their online state, edges labelled by message count. */
export function TopologyGraph({ nodes, edges }: { nodes: TopologyNode[]; edges: TopologyEdge[] }) {
  const flow = useMemo(() => layout(nodes, edges), [nodes, edges]);
  // A new set of nodes or edges is a new layout: a new canvas, so the view fits the whole graph again.
  const shape = [...flow.nodes.map((n) => n.id), ...flow.edges.map((e) => e.id)].join("|");
  return (
    <ReactFlowProvider>
      <ReactFlow
        key={shape}
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        aria-label="Comms topology graph"
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
