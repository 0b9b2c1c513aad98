import type { Topology } from "../schemas";

export type TopologyNode = Topology["nodes"][number];
export type TopologyEdge = Topology["edges"][number];

/** How each kind of node is named and coloured, on the graph and in the list. */
export const kindStyle: Record<TopologyNode["kind"], { label: string; className: string }> = {
  atrium_agent: { label: "Atrium agent", className: "border-indigo-300 bg-indigo-50 text-indigo-900" },
  gateway_agent: { label: "Gateway agent", className: "border-emerald-300 bg-emerald-50 text-emerald-900" },
  channel: { label: "Channel", className: "border-amber-300 bg-amber-50 text-amber-900" },
  peer: { label: "Peer", className: "border-sky-300 bg-sky-50 text-sky-900" },
  sender: { label: "Sender", className: "border-zinc-300 bg-white text-zinc-800" },
};

export function OnlineDot({ online }: { online: boolean | null }) {
  if (online === null) return null;
  return (
    <span className="inline-flex items-center gap-1 text-xs text-zinc-600">
      <span aria-hidden className={`inline-block size-2 rounded-full ${online ? "bg-emerald-500" : "bg-zinc-300"}`} />
      {online ? "online" : "offline"}
    </span>
  );
}
