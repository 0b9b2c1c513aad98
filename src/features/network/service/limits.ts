import "server-only";
import { consumeOrRefuse, type LimitSpec } from "@/server/limits";
import { networkConfig } from "../config";

/**
 * Pairing's rate limits (src/server/limits.ts, shared through Redis when there is one): codes asked for per person,
 * attempts to complete a pairing per client address (a 6-character code must not be guessable by
 * trying), notifications sent per person.
 */
type Kind = "pairingRequest" | "pairingAttempt" | "notify";

const options = (kind: Kind): LimitSpec => {
  const config = networkConfig();
  if (kind === "pairingRequest") return { keyPrefix: "rl:pairing-request", points: config.pairingRequestsPer10Min, duration: 600 };
  if (kind === "pairingAttempt") return { keyPrefix: "rl:pairing-attempt", points: config.pairingAttemptsPer10Min, duration: 600 };
  return { keyPrefix: "rl:pairing-notify", points: 30, duration: 60 };
};

/** Consumes one point or throws 429 with Retry-After. */
export function limit(kind: Kind, key: string) {
  return consumeOrRefuse(options(kind), key);
}
