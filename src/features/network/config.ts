import "server-only";

/** A whole number of the environment, or the default when unset or not a positive number. */
const fromEnv = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/**
 * The network's knobs. Read on every use (not once), so tests can shorten a code's life or the
 * ping interval through the environment.
 */
export const networkConfig = () => ({
  /** How long a pairing code works (PAIRING_CODE_TTL_SECONDS, default 5 minutes). */
  pairingCodeTtlMs: fromEnv("PAIRING_CODE_TTL_SECONDS", 300) * 1000,
  /** Codes a person may ask for per 10 minutes (429 beyond). */
  pairingRequestsPer10Min: fromEnv("PAIRING_REQUESTS_PER_10_MIN", 10),
  /** Attempts to complete a pairing per client address per 10 minutes (429 beyond). */
  pairingAttemptsPer10Min: fromEnv("PAIRING_ATTEMPTS_PER_10_MIN", 20),
  /** How often every process pings the peers (NETWORK_PING_INTERVAL_SECONDS, default 30 s). */
  pingIntervalMs: fromEnv("NETWORK_PING_INTERVAL_SECONDS", 30) * 1000,
});

/** Open (unused, unexpired) codes a person may hold at once; a newer one retires the oldest. */
export const MAX_OPEN_CODES = 3;
/** Paired devices per person (409 beyond). */
export const MAX_DEVICES = 20;
/** Peers per instance (409 beyond). */
export const MAX_PEERS = 50;
/** Signed requests are accepted within this much clock difference, either way. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;
/** Deadline of one request to a peer, and of one notification delivery (webhook or push service). */
export const PEER_TIMEOUT_MS = 10_000;
export const DELIVERY_TIMEOUT_MS = 10_000;
