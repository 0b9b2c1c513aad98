import "server-only";
import { decryptSecret, encryptSecret } from "@/server/crypto/secrets";

/** Bound to the owner and the server's row: a value copied into another row does not decrypt. */
const context = (userId: string, kind: "env" | "headers") => `mcp-server:${userId}:${kind}`;

export function sealCredentials(userId: string, kind: "env" | "headers", values: Record<string, string> | undefined) {
  if (!values || Object.keys(values).length === 0) return { enc: null, keys: [] as string[] };
  return { enc: encryptSecret(JSON.stringify(values), context(userId, kind)), keys: Object.keys(values).sort() };
}

export function openCredentials(userId: string, kind: "env" | "headers", enc: string | null): Record<string, string> {
  if (!enc) return {};
  return JSON.parse(decryptSecret(enc, context(userId, kind))) as Record<string, string>;
}
