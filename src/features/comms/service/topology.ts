import "server-only";
import type { Db } from "@/server/db/client";
import { isOnline } from "@/features/agent-gateway/service/registry";
import { peerNodes } from "@/features/network/topology";
import { parseAddress, type Topology } from "../schemas";

/** Edges are drawn from the events of this many hours. */
export const TOPOLOGY_WINDOW_HOURS = 24;
/** …at most this many of them. */
const MAX_EVENTS = 1_000;

/** Events that carry a message between two parties (registrations do not). */
const MESSAGE_TYPES = ["message.sent", "message.delivered", "agent.reply", "channel.message", "task.dispatched"];

type Node = Topology["nodes"][number];
type Edge = Topology["edges"][number];

/**
 * The caller's comms graph: their Atrium agents, their gateway agents (online state), channels (the
 * gateway agents' subscriptions and channels messaged recently), peers (the network domain's), and
 * anyone else who sent a message (`sender:<name>`). Edges: who messaged whom within the window
 * (count of messages), and channel membership.
 */
export async function buildTopology(db: Db, userId: string): Promise<Topology> {
  const since = new Date(Date.now() - TOPOLOGY_WINDOW_HOURS * 3_600_000);
  const [agents, gatewayAgents, peers, events] = await Promise.all([
    db.agent.findMany({ where: { ownerId: userId }, select: { id: true, name: true, status: true }, orderBy: { name: "asc" }, take: 100 }),
    db.gatewayAgent.findMany({ where: { userId, unregisteredAt: null }, orderBy: { agentId: "asc" }, take: 500 }),
    peerNodes(db, userId),
    db.commsEvent.findMany({ where: { userId, createdAt: { gte: since }, type: { in: MESSAGE_TYPES } }, orderBy: { createdAt: "desc" }, take: MAX_EVENTS, select: { from: true, to: true, messageId: true, createdAt: true } }),
  ]);
  const nodes = new Map<string, Node>();
  const add = (node: Node) => void (nodes.has(node.id) || nodes.set(node.id, node));
  for (const a of agents) add({ id: `agent:${a.id}`, kind: "atrium_agent", label: a.name, online: a.status !== "stopped", detail: a.status });
  for (const g of gatewayAgents) add({ id: `gateway:${g.agentId}`, kind: "gateway_agent", label: g.agentName, online: isOnline(g), detail: [g.agentType, ...g.capabilities].join(" · ") });
  for (const p of peers) add({ id: `peer:${p.id}`, kind: "peer", label: p.name, online: p.state === "connected", detail: p.address });
  const edges = new Map<string, Edge & { messages: Set<string> }>();
  const link = (source: string, target: string, kind: Edge["kind"], messageId: string | null, at: Date | null) => {
    if (source === target) return;
    const id = `${kind}:${source}->${target}`;
    const edge = edges.get(id) ?? { id, source, target, kind, count: 0, last_at: null, messages: new Set<string>() };
    if (messageId) edge.messages.add(messageId);
    edge.count = kind === "member" ? 1 : edge.messages.size;
    if (at && (!edge.last_at || at.toISOString() > edge.last_at)) edge.last_at = at.toISOString();
    edges.set(id, edge);
  };
  const channel = (name: string) => add({ id: `channel:${name}`, kind: "channel", label: `#${name}`, online: null, detail: "channel" });
  for (const g of gatewayAgents) {
    for (const name of g.channels) {
      channel(name);
      link(`gateway:${g.agentId}`, `channel:${name}`, "member", null, null);
    }
  }
  const gatewayIds = new Set(gatewayAgents.map((g) => g.agentId));
  /** A free-form party ("system", a gateway agent's bare id) as a node id. */
  const resolve = (party: string) => {
    const address = parseAddress(party);
    if (address?.kind === "channel") channel(address.id);
    if (address) return `${address.kind}:${address.id}`;
    if (party.startsWith("peer:")) return party;
    if (gatewayIds.has(party)) return `gateway:${party}`;
    add({ id: `sender:${party}`, kind: "sender", label: party, online: null, detail: "sender" });
    return `sender:${party}`;
  };
  for (const e of events) {
    const source = resolve(e.from);
    const target = resolve(e.to);
    // a party that is no longer there (an agent deleted since) is drawn as a sender, so its edge still has two ends
    for (const id of [source, target]) if (!nodes.has(id)) add({ id, kind: "sender", label: id, online: null, detail: "gone" });
    link(source, target, "message", e.messageId ?? `${e.createdAt.getTime()}`, e.createdAt);
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ messages: _messages, ...edge }) => edge),
    window_hours: TOPOLOGY_WINDOW_HOURS,
    generated_at: new Date().toISOString(),
  };
}
