import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** SHA-256 hex. Used for values that are already high-entropy (tokens, API keys, codes with ids). */
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

/** A uniformly random 6-digit code, zero-padded. */
export const sixDigitCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");

/** Invite-code alphabet: letters and digits without the look-alikes 0, 1, I, L and O. */
export const INVITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const inviteCode = () => Array.from({ length: 8 }, () => INVITE_ALPHABET[randomInt(0, INVITE_ALPHABET.length)]).join("");

export function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
