import { z } from "zod";

/** Wire shapes of the network domain: seed 000's /api/peers, /api/network/status and /api/pairing/*. */

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(2048)
    .url({ message: `${what} must be an http(s) URL` })
    .refine((value) => /^https?:\/\//i.test(value), { message: `${what} must be an http(s) URL` });

// --- peers

export const peerState = z.enum(["pending", "connected", "disconnected"]);

export const peer = z.object({
  id: z.uuid(),
  node_id: z.string().nullable().describe("The other instance's node id, known once it has answered a signed request"),
  name: z.string(),
  address: z.string().describe("The other instance's base URL"),
  state: peerState.describe("pending: never reached; connected: its last signed answer or request came through; disconnected: the last ping failed"),
  authenticated: z.boolean().describe("Whether the other side proved it holds the shared secret (a correctly signed answer or request)"),
  last_seen: z.string().nullable().describe("When an authenticated answer or request last came from it"),
  last_error: z.string().nullable(),
  messages_in: z.number().int(),
  messages_out: z.number().int(),
  created_at: z.string(),
});
export type PeerDto = z.infer<typeof peer>;

export const peerList = z.object({ peers: z.array(peer) });

export const addPeerBody = z.object({
  name: z.string().trim().min(1).max(100).optional().describe("A label; the address's host when left out"),
  address: httpUrl("address").describe("The other Atrium's base URL, e.g. https://atrium.example.org"),
  secret: z
    .string()
    .min(24, { message: "Use a shared secret of at least 24 characters (the page generates one)" })
    .max(256)
    .describe("The secret both instances store for this link; never returned"),
});
export type AddPeerBody = z.infer<typeof addPeerBody>;

export const sendPeerMessageBody = z.object({ text: z.string().trim().min(1).max(10_000) });

export const peerMessage = z.object({
  id: z.uuid(),
  direction: z.enum(["in", "out"]),
  text: z.string(),
  status: z.enum(["queued", "delivered", "failed", "received"]),
  error: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export type PeerMessageDto = z.infer<typeof peerMessage>;
export const peerMessageList = z.object({ messages: z.array(peerMessage) });
export const messageAccepted = z.object({ message_id: z.uuid(), status: z.literal("queued") });

export const networkStatus = z.object({
  node_id: z.string().describe("This instance's stable node id"),
  peers: z.number().int(),
  connected_peers: z.number().int(),
  messages_in: z.number().int().describe("Messages received from peers, all time"),
  messages_out: z.number().int().describe("Messages delivered to peers, all time"),
  rate: z.object({
    in_per_minute: z.number().int().describe("Messages received in the last minute"),
    out_per_minute: z.number().int().describe("Messages delivered in the last minute"),
  }),
});
export type NetworkStatusDto = z.infer<typeof networkStatus>;

// --- the peer-to-peer link (bodies are strict: the signature covers exactly what is parsed)

export const pingBody = z.strictObject({ node_id: z.string().min(1).max(100), name: z.string().max(100) });
export const pingAnswer = z.object({ node_id: z.string(), name: z.string(), time: z.string() });
export const inboundMessageBody = z.strictObject({
  message_id: z.uuid(),
  text: z.string().min(1).max(10_000),
  sent_at: z.string().max(40),
});
export const inboundMessageAnswer = z.object({ message_id: z.uuid(), status: z.literal("received") });

// --- pairing

export const pairingCode = z.object({
  pairing_code: z.string().describe("Three and three characters (XK9-47B), to type on the other device"),
  expires_at: z.string(),
});

const pushSubscription = z.object({
  endpoint: httpUrl("push_subscription.endpoint"),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().min(1).max(200).describe("The subscription's public key (base64url)"),
    auth: z.string().min(1).max(100).describe("The subscription's auth secret (base64url)"),
  }),
});

export const completePairingBody = z
  .object({
    pairing_code: z.string().trim().min(1).max(16),
    device_name: z.string().trim().min(1).max(100),
    platform: z.string().trim().min(1).max(50).optional(),
    push_subscription: pushSubscription.optional().describe("A Web Push subscription (PushSubscription.toJSON()) for notifications"),
    webhook_url: httpUrl("webhook_url").optional().describe("Or a URL that notifications are POSTed to"),
  })
  .refine((b) => !(b.push_subscription && b.webhook_url), { message: "Give push_subscription or webhook_url, not both", path: ["webhook_url"] });
export type CompletePairingBody = z.infer<typeof completePairingBody>;

export const deliveryStatus = z.enum(["queued", "delivered", "failed", "skipped"]);

export const device = z.object({
  id: z.uuid(),
  name: z.string(),
  platform: z.string().nullable(),
  channel: z.enum(["web_push", "webhook", "none"]).describe("Where its notifications go"),
  target_hint: z.string().nullable().describe("The host notifications are sent to"),
  created_at: z.string(),
  last_seen_at: z.string().nullable(),
  last_notification: z
    .object({ status: deliveryStatus, error: z.string().nullable(), at: z.string(), title: z.string() })
    .nullable()
    .describe("The newest notification sent to it and what became of it"),
});
export type DeviceDto = z.infer<typeof device>;

export const deviceList = z.object({ devices: z.array(device) });
export const pairedDevice = z.object({
  device,
  device_token: z.string().describe("Shown once: the device sends it as `Authorization: Bearer …` to /api/pairing/device"),
});

export const notifyBody = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(2000),
  url: httpUrl("url").optional().describe("Opened when the notification is tapped"),
});
export type NotifyBody = z.infer<typeof notifyBody>;

export const notifyAccepted = z.object({
  queued: z.number().int().describe("Deliveries queued, one per paired device"),
  deliveries: z.array(z.object({ id: z.uuid(), device_id: z.uuid() })),
});

export const vapidKey = z.object({ public_key: z.string().describe("The VAPID public key (base64url) for PushManager.subscribe's applicationServerKey") });
