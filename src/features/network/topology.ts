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

/** The peers `userId` may see, for the comms topology (the network domain's contract with comms). */
export async function peerNodes(_db: Db, _userId: string): Promise<PeerNode[]> {
  return [];
}
