import "server-only";
import { decryptSecret, encryptSecret } from "@/server/crypto/secrets";

/** Bound to the owner: a value copied into another person's row does not decrypt. */
const context = (userId: string) => `a2a-agent:${userId}:headers`;

export function sealHeaders(userId: string, headers: Record<string, string>) {
  if (Object.keys(headers).length === 0) return { enc: null, keys: [] as string[] };
  return { enc: encryptSecret(JSON.stringify(headers), context(userId)), keys: Object.keys(headers).sort() };
}

export function openHeaders(userId: string, enc: string | null): Record<string, string> {
  if (!enc) return {};
  return JSON.parse(decryptSecret(enc, context(userId))) as Record<string, string>;
}
