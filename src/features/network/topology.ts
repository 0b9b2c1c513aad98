import "server-only";
import type { Db } from "@/server/db/client";

/** One peer as the comms topology draws it. */
export interface PeerNode {
  id: string;
  name: string;
  address: string;
  state: "connected" | "disconnected" | "pending";
  lastSeen: Date | null;
}

/**
 * The peers `userId` may see, for the comms topology (the network domain's contract with comms).
 * Peers link whole instances: every signed-in person sees them all (administrators manage them).
 */
export async function peerNodes(db: Db, _userId: string): Promise<PeerNode[]> {
  const rows = await db.networkPeer.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true, address: true, state: true, lastSeenAt: true } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    address: row.address,
    state: row.state === "connected" || row.state === "disconnected" ? row.state : "pending",
    lastSeen: row.lastSeenAt,
  }));
}
