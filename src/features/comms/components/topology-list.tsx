import { kindStyle, OnlineDot, type TopologyEdge, type TopologyNode } from "./kinds";

/** The topology as a list (phones, and screen readers): each node with whom it messaged. */
export function TopologyList({ nodes, edges }: { nodes: TopologyNode[]; edges: TopologyEdge[] }) {
  const labelOf = new Map(nodes.map((n) => [n.id, n.label]));
  return (
    <ul className="divide-y divide-zinc-100" aria-label="Comms topology">
      {nodes.map((node) => {
        const out = edges.filter((e) => e.source === node.id);
        return (
          <li key={node.id} className="px-5 py-3" data-testid="comms-node">
            <p className="flex flex-wrap items-center gap-2">
              <span className="min-w-0 truncate text-sm font-medium text-zinc-900">{node.label}</span>
              <span className={`rounded border px-1.5 py-0.5 text-xs ${kindStyle[node.kind].className}`}>{kindStyle[node.kind].label}</span>
              <OnlineDot online={node.online} />
            </p>
            <p className="mt-0.5 truncate text-xs text-zinc-600">
              <code className="font-mono">{node.id}</code>
              {node.detail && node.detail !== node.kind ? ` · ${node.detail}` : ""}
            </p>
            {out.length > 0 && (
              <p className="mt-1 text-xs text-zinc-700">
                →{" "}
                {out.map((e, i) => (
                  <span key={e.id}>
                    {i > 0 && ", "}
                    {labelOf.get(e.target) ?? e.target}
                    {e.kind === "message" ? ` (${e.count})` : " (member)"}
                  </span>
                ))}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
