import { createHash, createHmac, hkdfSync } from "node:crypto";

/**
 * The audit chain's arithmetic, pure (no database), shared by appending and verifying.
 *
 * Canonical form of an entry (what is hashed): the JSON text of
 *   { actor_id, agent_id, data, details, event_type, id, ip, subject_id, subject_type, timestamp }
 * with object keys sorted at every depth (so `data` as Postgres' jsonb returns it hashes the same as
 * what was written), absent values as null, the timestamp as ISO-8601 UTC with milliseconds
 * (`2026-12-02T02:00:00.000Z`, the column's precision), no whitespace.
 *
 *   hash = sha256_hex(prev_hash + "\n" + canonical)       prev_hash of entry 1 = 64 zeros
 *   seal = hmac_sha256_hex(K_seal, id + ":" + hash)
 *
 * sha256 is public: whoever can write the table could append a consistent fake entry. The seal (keyed
 * by ATRIUM_SECRET) tells those rows apart, and the signed checkpoints bind whole ranges:
 *
 *   merkle_root(range) = binary Merkle tree over the entries' hashes (as bytes) in id order, a node
 *                        sha256(left || right), an odd node carried up unchanged
 *   signature          = hmac_sha256_hex(K_checkpoint, from_id + ":" + to_id + ":" + root + ":" + last_hash)
 *
 * Keys are HKDF-SHA256 from ATRIUM_SECRET; changing the secret makes earlier seals and checkpoints
 * unverifiable (verify then reports the first entry as not written by Atrium).
 */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainEntry {
  id: number;
  timestamp: Date;
  eventType: string;
  actorId: string | null;
  agentId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  details: string;
  data: unknown;
  ip: string | null;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function canonical(e: ChainEntry): string {
  return JSON.stringify(
    sortKeys({
      actor_id: e.actorId ?? null,
      agent_id: e.agentId ?? null,
      data: e.data ?? {},
      details: e.details,
      event_type: e.eventType,
      id: e.id,
      ip: e.ip ?? null,
      subject_id: e.subjectId ?? null,
      subject_type: e.subjectType ?? null,
      timestamp: e.timestamp.toISOString(),
    }),
  );
}

export const entryHash = (prevHash: string, e: ChainEntry) =>
  createHash("sha256").update(prevHash).update("\n").update(canonical(e)).digest("hex");

const keys = new Map<string, Buffer>();
function keyFor(master: string, purpose: "seal" | "checkpoint") {
  const cacheKey = `${purpose}\0${master}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", master, "atrium/audit", `v1 ${purpose}`, 32));
    keys.set(cacheKey, key);
  }
  return key;
}

export const sealOf = (master: string, id: number, hash: string) =>
  createHmac("sha256", keyFor(master, "seal")).update(`${id}:${hash}`).digest("hex");

export function merkleRoot(hashes: readonly string[]): string {
  if (hashes.length === 0) return GENESIS_HASH;
  let level: Buffer[] = hashes.map((h) => Buffer.from(h, "hex"));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? createHash("sha256").update(level[i]).update(level[i + 1]).digest() : level[i]);
    }
    level = next;
  }
  return level[0].toString("hex");
}

export const checkpointSignature = (master: string, c: { fromId: number; toId: number; merkleRoot: string; lastHash: string }) =>
  createHmac("sha256", keyFor(master, "checkpoint")).update(`${c.fromId}:${c.toId}:${c.merkleRoot}:${c.lastHash}`).digest("hex");
