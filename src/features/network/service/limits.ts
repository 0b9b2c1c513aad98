import "server-only";
import { consumeOrRefuse, type LimitSpec } from "@/server/limits";
import { networkConfig } from "../config";

/**
 * Pairing's rate limits (src/server/limits.ts, shared through Redis when there is one): codes asked for per person,
 * attempts to complete a pairing per client address (a 6-character code must not be guessable by
 * trying), notifications sent per person, signed peer requests per client address.
 */
type Kind = "pairingRequest" | "pairingAttempt" | "notify" | "peerInbound";

const options = (kind: Kind): LimitSpec => {
  const config = networkConfig();
  if (kind === "pairingRequest") return { keyPrefix: "rl:pairing-request", points: config.pairingRequestsPer10Min, duration: 600 };
  if (kind === "pairingAttempt") return { keyPrefix: "rl:pairing-attempt", points: config.pairingAttemptsPer10Min, duration: 600 };
  // Signed peer requests per client address: a peer pings every 30 s and sends what people send;
  // this only stops a flood of forged requests, each of which costs a lookup.
  if (kind === "peerInbound") return { keyPrefix: "rl:peer-inbound", points: 600, duration: 60 };
  return { keyPrefix: "rl:pairing-notify", points: 30, duration: 60 };
};

/** Consumes one point or throws 429 with Retry-After. */
export function limit(kind: Kind, key: string) {
  return consumeOrRefuse(options(kind), key);
}
