import "server-only";
import type { NetworkPeer } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { decryptSecret } from "@/server/crypto/secrets";
import { AppError } from "@/server/errors";
import { guardedFetch } from "@/server/outbound";
import { PEER_TIMEOUT_MS, SIGNATURE_WINDOW_MS } from "../config";
import { canonicalJson, HEADERS, keyIdOf, sameSignature, signedHeaders, signRequest, signResponse, withinWindow } from "../signing";
import { selfNodeId } from "./node";

/** The AAD a peer's secret is encrypted under: the secret only decrypts in its own row. */
export const secretContext = (peerId: string) => `network-peer:${peerId}`;
export const peerSecret = (row: NetworkPeer) => decryptSecret(row.secretEnc, secretContext(row.id));

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

/** A failure talking to a peer, with whether the other side failed to prove it holds the secret. */
export class PeerCallError extends Error {
  constructor(message: string, readonly unauthenticated = false) {
    super(message);
  }
}

/**
 * POSTs a signed request to the peer and checks that the answer is signed with the same secret.
 * Through the guarded client: the peer's address is subject to the SSRF rules like any outbound call.
 */
export async function callPeer(db: Db, peer: NetworkPeer, path: string, body: object): Promise<unknown> {
  const secret = peerSecret(peer);
  const url = new URL(peer.address.replace(/\/+$/, "") + path);
  const text = canonicalJson(body);
  const headers = signedHeaders(secret, { method: "POST", path: url.pathname, node: await selfNodeId(db), body: text });
  let response: Response;
  let answer: string;
  try {
    response = await guardedFetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: text }, { timeoutMs: PEER_TIMEOUT_MS, maxBytes: 256 * 1024, maxRedirects: 0 });
    answer = await response.text();
  } catch (error) {
    throw new PeerCallError(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const detail = safeDetail(answer);
    throw new PeerCallError(`The peer answered ${response.status}${detail ? `: ${detail}` : ""}`, response.status === 401);
  }
  const signature = response.headers.get(HEADERS.signature) ?? "";
  if (!sameSignature(signature, signResponse(secret, headers[HEADERS.nonce], response.status, answer))) {
    throw new PeerCallError("The peer's answer is not signed with the shared secret", true);
  }
  try {
    return JSON.parse(answer);
  } catch {
    throw new PeerCallError("The peer's answer is not JSON");
  }
}

function safeDetail(text: string) {
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    return typeof parsed.detail === "string" ? parsed.detail.slice(0, 300) : "";
  } catch {
    return text.slice(0, 120);
  }
}

const refused = (why: string) => new AppError("UNAUTHORIZED", `Peer signature refused: ${why}`);

/**
 * Checks a signed request from a peer (see signing.ts): a known key id, a timestamp within ±5
 * minutes, a valid signature over what was parsed, and a nonce not seen before (stored, so a
 * replay is refused in every process). A valid request is also a sign of life: the peer is marked
 * connected and authenticated. Returns the peer, its secret and the nonce the answer must sign.
 */
export async function verifyInbound(db: Db, request: Request, body: unknown) {
  const get = (name: string) => request.headers.get(name) ?? "";
  const [keyId, node, timestamp, nonce, signature] = [get(HEADERS.key), get(HEADERS.node), get(HEADERS.timestamp), get(HEADERS.nonce), get(HEADERS.signature)];
  if (!keyId || !node || !timestamp || !nonce || !signature) throw refused("the X-Atrium-Key, -Node, -Timestamp, -Nonce and -Signature headers are required");
  if (!/^[0-9a-f]{32}$/.test(keyId) || !/^[0-9a-f]{32}$/.test(nonce) || node.length > 100) throw refused("malformed headers");
  if (!withinWindow(timestamp, SIGNATURE_WINDOW_MS)) throw refused("the timestamp is outside the accepted ±5 minute window");
  const peer = await db.networkPeer.findUnique({ where: { keyId } });
  if (!peer) throw refused("unknown key");
  const secret = peerSecret(peer);
  if (keyIdOf(secret) !== keyId) throw refused("unknown key");
  const path = new URL(request.url).pathname;
  const expected = signRequest(secret, { method: request.method, path, timestamp, nonce, node, body: body === undefined ? "" : canonicalJson(body) });
  if (!sameSignature(signature, expected)) throw refused("the signature does not match");
  try {
    await db.networkNonce.create({ data: { peerId: peer.id, nonce } });
  } catch (error) {
    if (isUniqueViolation(error)) throw refused("this nonce was already used (a replayed request)");
    throw error;
  }
  const seen = await db.networkPeer.update({
    where: { id: peer.id },
    data: { remoteNodeId: node, state: "connected", authenticated: true, lastSeenAt: new Date(), lastError: null },
  });
  return { peer: seen, secret, nonce };
}

/** Nonces older than twice the window can never be replayed (their timestamps are refused). */
export function pruneNonces(db: Db) {
  return db.networkNonce.deleteMany({ where: { seenAt: { lt: new Date(Date.now() - 2 * SIGNATURE_WINDOW_MS) } } });
}
