import "server-only";
import { randomUUID } from "node:crypto";
import type { NetworkPeer } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import type { AuthedContext } from "@/server/context";
import { encryptSecret } from "@/server/crypto/secrets";
import { AppError, conflict, forbidden, notFound } from "@/server/errors";
import { MAX_PEERS } from "../config";
import type { AddPeerBody, NetworkStatusDto, PeerDto } from "../schemas";
import { keyIdOf } from "../signing";
import { callPeer, PeerCallError, pruneNonces, secretContext } from "./link";
import { selfNodeId } from "./node";

export const PING_PATH = "/api/network/peer/ping";

export function toPeerDto(row: NetworkPeer): PeerDto {
  return {
    id: row.id,
    node_id: row.remoteNodeId,
    name: row.name,
    address: row.address,
    state: row.state === "connected" || row.state === "disconnected" ? row.state : "pending",
    authenticated: row.authenticated,
    last_seen: row.lastSeenAt?.toISOString() ?? null,
    last_error: row.lastError,
    messages_in: row.messagesIn,
    messages_out: row.messagesOut,
    created_at: row.createdAt.toISOString(),
  };
}

/** Peers link whole instances, so managing them is for administrators (everyone signed in may look). */
export function requireAdmin({ viewer }: AuthedContext) {
  if (viewer.role !== "admin") throw forbidden("Only administrators manage peers");
}

export async function listPeers({ db }: AuthedContext) {
  const rows = await db.networkPeer.findMany({ orderBy: { createdAt: "asc" } });
  return { peers: rows.map(toPeerDto) };
}

export async function peerRow(db: Db, id: string) {
  const row = await db.networkPeer.findUnique({ where: { id } });
  if (!row) throw notFound("Peer");
  return row;
}

export async function getPeer({ db }: AuthedContext, id: string) {
  return toPeerDto(await peerRow(db, id));
}

/**
 * Adds a peer. The same secret must be stored on the other instance for this instance's address;
 * each link needs its own secret (its key id names the link), so a secret already in use is 409.
 */
export async function addPeer(ctx: AuthedContext, body: AddPeerBody) {
  requireAdmin(ctx);
  const { db, viewer } = ctx;
  if ((await db.networkPeer.count()) >= MAX_PEERS) throw conflict(`At most ${MAX_PEERS} peers`);
  const url = new URL(body.address);
  if (url.username || url.password || url.search || url.hash) {
    throw new AppError("VALIDATION_ERROR", "address: give the base URL only (no credentials, query or fragment)", { issues: [{ path: "address", message: "Base URL only" }] });
  }
  const address = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  const keyId = keyIdOf(body.secret);
  if (await db.networkPeer.findUnique({ where: { keyId } })) throw conflict("Another peer already uses this secret; give each link its own");
  const id = randomUUID();
  const row = await db.networkPeer.create({
    data: { id, name: body.name ?? url.host, address, secretEnc: encryptSecret(body.secret, secretContext(id)), keyId, createdById: viewer.userId },
  });
  return toPeerDto(row);
}

export async function deletePeer(ctx: AuthedContext, id: string) {
  requireAdmin(ctx);
  const { count } = await ctx.db.networkPeer.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Peer");
}

/**
 * Pings one peer with a signed request and records the outcome: connected and authenticated when
 * its signed answer checks out, disconnected (with the reason) otherwise.
 */
export async function pingPeer(db: Db, peer: NetworkPeer): Promise<NetworkPeer> {
  try {
    const answer = (await callPeer(db, peer, PING_PATH, { node_id: await selfNodeId(db), name: "Atrium" })) as { node_id?: unknown };
    const nodeId = typeof answer.node_id === "string" ? answer.node_id.slice(0, 100) : peer.remoteNodeId;
    return await db.networkPeer.update({ where: { id: peer.id }, data: { state: "connected", authenticated: true, lastSeenAt: new Date(), lastError: null, remoteNodeId: nodeId } });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const unauthenticated = error instanceof PeerCallError && error.unauthenticated;
    const updated = await db.networkPeer.updateMany({
      where: { id: peer.id },
      data: { state: "disconnected", lastError: message, ...(unauthenticated ? { authenticated: false } : {}) },
    });
    if (updated.count === 0) throw notFound("Peer");
    return db.networkPeer.findUniqueOrThrow({ where: { id: peer.id } });
  }
}

/** "Check now": one bounded ping (10 s at most), its outcome answered. */
export async function pingNow(ctx: AuthedContext, id: string) {
  requireAdmin(ctx);
  return toPeerDto(await pingPeer(ctx.db, await peerRow(ctx.db, id)));
}

/** What the periodic job does in every process: ping every peer at once, forget stale nonces. */
export async function pingAllPeers(db: Db) {
  const peers = await db.networkPeer.findMany();
  await Promise.allSettled(peers.map((peer) => pingPeer(db, peer)));
  await pruneNonces(db);
}

export async function networkStatus({ db }: AuthedContext): Promise<NetworkStatusDto> {
  const minuteAgo = new Date(Date.now() - 60_000);
  const [nodeId, peers, totals, inLastMinute, outLastMinute] = await Promise.all([
    selfNodeId(db),
    db.networkPeer.groupBy({ by: ["state"], _count: { _all: true } }),
    db.networkPeer.aggregate({ _sum: { messagesIn: true, messagesOut: true } }),
    db.networkPeerMessage.count({ where: { direction: "in", createdAt: { gte: minuteAgo } } }),
    db.networkPeerMessage.count({ where: { direction: "out", status: "delivered", deliveredAt: { gte: minuteAgo } } }),
  ]);
  const count = (state?: string) => peers.filter((p) => !state || p.state === state).reduce((sum, p) => sum + p._count._all, 0);
  return {
    node_id: nodeId,
    peers: count(),
    connected_peers: count("connected"),
    messages_in: totals._sum.messagesIn ?? 0,
    messages_out: totals._sum.messagesOut ?? 0,
    rate: { in_per_minute: inLastMinute, out_per_minute: outLastMinute },
  };
}
