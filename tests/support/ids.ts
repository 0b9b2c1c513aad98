import { randomBytes } from "node:crypto";

/**
 * Unique per run: with REDIS_URL set, rate-limit counters outlive a run by up to 10 minutes, so no
 * two runs may share an e-mail address (and usernames follow suit).
 */
export const suffix = (bytes = 5) => randomBytes(bytes).toString("hex");

export const uniqueEmail = (tag = "user") => `${tag}-${suffix()}@example.com`;
export const uniqueUsername = (tag = "u") => `${tag}_${suffix()}`.slice(0, 30);
export function uniqueIp() {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

export const PASSWORD = "correct horse battery";

/** A 6-digit code that is certainly not `code`. */
export const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
