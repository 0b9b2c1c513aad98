import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The peer link's signatures (no I/O here, so unit tests cover it). Every request between two
 * Atrium peers carries:
 *
 *   X-Atrium-Key        the key id: HMAC(secret, "atrium-peer-key-id"), so the receiver finds the
 *                       peer (and its secret) without the secret ever travelling
 *   X-Atrium-Node       the sender's node id
 *   X-Atrium-Timestamp  Unix seconds; refused outside ±5 minutes of the receiver's clock
 *   X-Atrium-Nonce      32 random hex digits; refused when seen before within the window
 *   X-Atrium-Signature  hex HMAC-SHA256(secret, "atrium-peer-v1\n" + METHOD + "\n" + path + "\n" +
 *                       timestamp + "\n" + nonce + "\n" + node + "\n" + sha256hex(body))
 *
 * The body is canonical JSON (object keys sorted at every depth), so the receiver can hash what it
 * parsed. The answer is signed too: X-Atrium-Signature = HMAC(secret, "atrium-peer-v1-response\n" +
 * request nonce + "\n" + status + "\n" + sha256hex(answer text)), so the caller knows the other
 * side holds the secret: the link is authenticated both ways.
 */
export const HEADERS = {
  key: "x-atrium-key",
  node: "x-atrium-node",
  timestamp: "x-atrium-timestamp",
  nonce: "x-atrium-nonce",
  signature: "x-atrium-signature",
} as const;

const sha256hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text, "utf8").digest("hex");

/** JSON with object keys sorted at every depth: one text for one value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export const keyIdOf = (secret: string) => hmac(secret, "atrium-peer-key-id").slice(0, 32);

export interface SignedParts {
  method: string;
  path: string;
  timestamp: string;
  nonce: string;
  node: string;
  body: string;
}

const requestText = (p: SignedParts) => ["atrium-peer-v1", p.method.toUpperCase(), p.path, p.timestamp, p.nonce, p.node, sha256hex(p.body)].join("\n");

export function signRequest(secret: string, p: SignedParts) {
  return hmac(secret, requestText(p));
}

/** The headers of a signed request from `node` (a fresh timestamp and nonce unless given). */
export function signedHeaders(secret: string, parts: { method: string; path: string; node: string; body: string; timestamp?: string; nonce?: string }) {
  const timestamp = parts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = parts.nonce ?? randomBytes(16).toString("hex");
  const full = { ...parts, timestamp, nonce };
  return {
    [HEADERS.key]: keyIdOf(secret),
    [HEADERS.node]: parts.node,
    [HEADERS.timestamp]: timestamp,
    [HEADERS.nonce]: nonce,
    [HEADERS.signature]: signRequest(secret, full),
  };
}

export const signResponse = (secret: string, nonce: string, status: number, body: string) =>
  hmac(secret, ["atrium-peer-v1-response", nonce, String(status), sha256hex(body)].join("\n"));

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string) {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether a timestamp (Unix seconds, as text) lies within `windowMs` of `now`. */
export function withinWindow(timestamp: string, windowMs: number, now = Date.now()) {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) * 1000 - now) <= windowMs;
}
