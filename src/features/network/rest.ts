import "server-only";
import { idParam } from "@/lib/wire";
import { route, type RouteDef } from "@/server/http/route-table";
import * as s from "./schemas";
import { canonicalJson, HEADERS, signResponse } from "./signing";
import { verifyInbound } from "./service/link";
import { limit } from "./service/limits";
import { listPeerMessages, receivePeerMessage, sendPeerMessage } from "./service/messages";
import { selfNodeId } from "./service/node";
import { notifyDevices, vapidPublicKey } from "./service/notify";
import { completePairing, deviceByToken, listDevices, removeDevice, requestPairingCode } from "./service/pairing";
import { addPeer, deletePeer, getPeer, listPeers, networkStatus, pingNow } from "./service/peers";

const PEERS = ["Network: peers"];
const LINK = ["Network: peer link"];
const PAIRING = ["Network: pairing"];
const SIGNED =
  "Called by another Atrium, not by people: the request must carry X-Atrium-Key, -Node, -Timestamp (Unix seconds, ±5 min), -Nonce (32 hex, once) and -Signature (HMAC-SHA256 with the link's shared secret over method, path, timestamp, nonce, node and the SHA-256 of the canonical JSON body); 401 otherwise. The answer carries X-Atrium-Signature over the request's nonce, the status and the answer's text.";

/** An answer to a peer, signed so it knows this side holds the secret too. */
function signedAnswer(secret: string, nonce: string, status: number, body: object) {
  const text = canonicalJson(body);
  return new Response(text, { status, headers: { "content-type": "application/json", [HEADERS.signature]: signResponse(secret, nonce, status, text) } });
}

/** Seed 000's network and pairing routes: `/api/peers`, `/api/network/*`, `/api/pairing/*`. */
export const networkRoutes: RouteDef[] = [
  route({
    method: "GET", path: "/peers", auth: "user", tags: PEERS,
    summary: "Other Atrium instances linked to this one, with their state, last contact and message counters",
    description: "Every signed-in person may look; administrators manage them.",
    status: 200, response: s.peerList,
    handler: (ctx) => listPeers(ctx),
  }),
  route({
    method: "POST", path: "/peers", auth: "admin", tags: PEERS,
    summary: "Link another Atrium instance as a peer (administrators)",
    description: "Store the same secret on the other instance for this instance's address. Each link needs its own secret (409 when another peer uses it). The peer is pinged within the ping interval (or at once with /ping).",
    body: s.addPeerBody, status: 201, response: s.peer, errors: [403, 409, 422],
    handler: (ctx, { body }) => addPeer(ctx, body),
  }),
  route({
    method: "GET", path: "/peers/{id}", auth: "user", tags: PEERS,
    summary: "One peer",
    params: idParam, status: 200, response: s.peer, errors: [404],
    handler: (ctx, { params }) => getPeer(ctx, params.id),
  }),
  route({
    method: "DELETE", path: "/peers/{id}", auth: "admin", tags: PEERS,
    summary: "Remove a peer (administrators); its requests are refused from now on",
    params: idParam, status: 204, errors: [403, 404],
    handler: async (ctx, { params }) => {
      await deletePeer(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/peers/{id}/ping", auth: "admin", tags: PEERS,
    summary: "Ping the peer now with a signed request (at most 10 s) and answer its updated state",
    params: idParam, status: 200, response: s.peer, errors: [403, 404],
    handler: (ctx, { params }) => pingNow(ctx, params.id),
  }),
  route({
    method: "POST", path: "/peers/{id}/messages", auth: "admin", tags: PEERS,
    summary: "Send a message to the peer (delivered by a job, signed, counted on both sides)",
    params: idParam, body: s.sendPeerMessageBody, status: 202, response: s.messageAccepted, errors: [403, 404],
    handler: (ctx, { params, body }) => sendPeerMessage(ctx, params.id, body.text),
  }),
  route({
    method: "GET", path: "/peers/{id}/messages", auth: "user", tags: PEERS,
    summary: "The newest 50 messages exchanged with the peer, both ways, with their delivery status",
    params: idParam, status: 200, response: s.peerMessageList, errors: [404],
    handler: (ctx, { params }) => listPeerMessages(ctx, params.id),
  }),
  route({
    method: "GET", path: "/network/status", auth: "user", tags: PEERS,
    summary: "This node's id, how many peers are connected, and the messages in and out (totals and the last minute)",
    status: 200, response: s.networkStatus,
    handler: (ctx) => networkStatus(ctx),
  }),
  route({
    method: "POST", path: "/network/peer/ping", auth: "public", tags: LINK,
    summary: "A peer's signed ping: answers this node's id, signed",
    description: SIGNED,
    body: s.pingBody, status: 200, response: s.pingAnswer, errors: [401, 429],
    handler: async (ctx, { body }) => {
      await limit("peerInbound", ctx.ip ?? "unknown");
      const { secret, nonce } = await verifyInbound(ctx.db, ctx.request, body);
      return signedAnswer(secret, nonce, 200, { node_id: await selfNodeId(ctx.db), name: "Atrium", time: new Date().toISOString() });
    },
  }),
  route({
    method: "POST", path: "/network/peer/messages", auth: "public", tags: LINK,
    summary: "A message from a peer, signed; stored and counted once per message_id",
    description: SIGNED,
    body: s.inboundMessageBody, status: 202, response: s.inboundMessageAnswer, errors: [401, 429],
    handler: async (ctx, { body }) => {
      await limit("peerInbound", ctx.ip ?? "unknown");
      const { peer, secret, nonce } = await verifyInbound(ctx.db, ctx.request, body);
      await receivePeerMessage(ctx.db, peer, body);
      return signedAnswer(secret, nonce, 202, { message_id: body.message_id, status: "received" });
    },
  }),
  route({
    method: "POST", path: "/pairing/request", auth: "user", tags: PAIRING,
    summary: "A pairing code to type on the phone or other device (XK9-47B; 5 minutes, once)",
    description: "At most three open codes per person (a new one retires the oldest); ten per 10 minutes (429 with Retry-After).",
    status: 200, response: s.pairingCode, errors: [429],
    handler: (ctx) => requestPairingCode(ctx),
  }),
  route({
    method: "POST", path: "/pairing/complete", auth: "public", tags: PAIRING,
    summary: "The device proves the code: it is paired to the code's owner and gets a device token (shown once)",
    description: "A wrong, expired or used code is the same 400 (`INVALID_PAIRING_CODE`). Attempts are limited per client address (429 with Retry-After). Give a Web Push subscription or a webhook URL for notifications.",
    body: s.completePairingBody, status: 201, response: s.pairedDevice, errors: [400, 409, 429],
    handler: (ctx, { body }) => completePairing(ctx, body),
  }),
  route({
    method: "GET", path: "/pairing/devices", auth: "user", tags: PAIRING,
    summary: "Your paired devices, each with its newest notification's status",
    status: 200, response: s.deviceList,
    handler: (ctx) => listDevices(ctx),
  }),
  route({
    method: "DELETE", path: "/pairing/devices/{id}", auth: "user", tags: PAIRING,
    summary: "Remove one of your paired devices (its token stops working)",
    params: idParam, status: 204, errors: [404],
    handler: async (ctx, { params }) => {
      await removeDevice(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/pairing/notify", auth: "user", tags: PAIRING,
    summary: "Send a notification to all your paired devices (Web Push or their webhook; each delivery a job, recorded)",
    body: s.notifyBody, status: 202, response: s.notifyAccepted, errors: [429],
    handler: (ctx, { body }) => notifyDevices(ctx, body),
  }),
  route({
    method: "GET", path: "/pairing/vapid-public-key", auth: "public", tags: PAIRING,
    summary: "The VAPID public key a device subscribes to Web Push with (applicationServerKey)",
    status: 200, response: s.vapidKey,
    handler: (ctx) => vapidPublicKey(ctx.db),
  }),
  route({
    method: "GET", path: "/pairing/device", auth: "public", tags: PAIRING,
    summary: "The device itself, by its device token (`Authorization: Bearer atrdev_…`)",
    status: 200, response: s.device, errors: [401],
    handler: (ctx) => deviceByToken(ctx.db, ctx.request.headers.get("authorization")),
  }),
];
