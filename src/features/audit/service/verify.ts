import "server-only";
import type { ServiceContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { secret } from "@/server/env";
import { checkpointSignature, entryHash, GENESIS_HASH, merkleRoot, sealOf } from "../chain";
import type { VerifyResult } from "../schemas";
import { assertAdmin } from "./access";

/** Entries read per page: the walk holds one page and one checkpoint range of hashes, never the table. */
export const VERIFY_PAGE = 500;
const CHECKPOINT_PAGE = 200;

type Reason = NonNullable<VerifyResult["reason"]>;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Walks the chain from entry 1 in pages of VERIFY_PAGE, yielding to the event loop between pages
 * (a page costs a few milliseconds), and stops at the first broken entry. Per entry, in order:
 *   - its id follows the previous one (a gap is a deleted entry, named by the first missing id);
 *   - its seal (HMAC of id and hash) is Atrium's: else the row was inserted (or rewritten whole,
 *     hash recomputed) by someone without ATRIUM_SECRET;
 *   - its content still hashes to its stored hash: else it was altered;
 *   - its prev_hash is the previous entry's hash.
 * Each signed checkpoint is checked when the walk reaches its last entry: contiguous with the
 * previous one, its signature, its Merkle root and last hash recomputed from the entries. A checkpoint
 * past the chain's end means entries were deleted from the end.
 *
 * Entries appended after the newest checkpoint are protected by their seals alone; deleting them from
 * the end together with nothing else cannot be told from their never having been written.
 */
export async function verifyChain(db: Db): Promise<VerifyResult> {
  const master = secret();
  let prev = { id: 0, hash: GENESIS_HASH };
  let firstEntry: string | null = null;
  let lastEntry: string | null = null;
  let checkpointsVerified = 0;

  // The checkpoints, read in pages as the walk reaches them.
  let checkpoints: { fromId: number; toId: number; merkleRoot: string; lastHash: string; signature: string }[] = [];
  let checkpointCursor = 0;
  let lastCheckpointTo = 0;
  let leaves: string[] = [];
  const nextCheckpoint = async () => {
    if (checkpoints.length === 0) {
      checkpoints = await db.auditCheckpoint.findMany({ where: { toId: { gt: checkpointCursor } }, orderBy: { toId: "asc" }, take: CHECKPOINT_PAGE });
      if (checkpoints.length) checkpointCursor = checkpoints[checkpoints.length - 1].toId;
    }
    return checkpoints[0];
  };

  const broken = (entryId: number, reason: Reason, message: string): VerifyResult => ({
    status: "broken",
    chain_length: prev.id,
    first_entry: firstEntry,
    last_entry: lastEntry,
    checkpoints_verified: checkpointsVerified,
    broken_entry: entryId,
    reason,
    message,
  });

  for (;;) {
    const rows = await db.auditEntry.findMany({ where: { id: { gt: prev.id } }, orderBy: { id: "asc" }, take: VERIFY_PAGE });
    for (const row of rows) {
      const expected = prev.id + 1;
      if (row.id !== expected) {
        const missing = row.id - 1 === expected ? `Entry ${expected} is missing` : `Entries ${expected} to ${row.id - 1} are missing`;
        return broken(expected, "deleted", `${missing}: the chain jumps from entry ${prev.id} to ${row.id}.`);
      }
      if (row.seal !== sealOf(master, row.id, row.hash)) {
        return broken(row.id, "inserted", `Entry ${row.id} was not written by Atrium (its seal does not match): inserted, or rewritten with a recomputed hash.`);
      }
      if (entryHash(row.prevHash, row) !== row.hash) {
        return broken(row.id, "altered", `Entry ${row.id} was altered: its content no longer matches its hash.`);
      }
      if (row.prevHash !== prev.hash) {
        return broken(row.id, "altered", `Entry ${row.id} does not link to entry ${prev.id}: its prev_hash was changed.`);
      }
      prev = { id: row.id, hash: row.hash };
      firstEntry ??= row.timestamp.toISOString();
      lastEntry = row.timestamp.toISOString();

      const checkpoint = await nextCheckpoint();
      if (checkpoint && row.id >= checkpoint.fromId) leaves.push(row.hash);
      if (checkpoint && checkpoint.toId === row.id) {
        const problem =
          checkpoint.fromId !== lastCheckpointTo + 1
            ? `the checkpoint ending at entry ${checkpoint.toId} starts at ${checkpoint.fromId}, not ${lastCheckpointTo + 1} (a checkpoint is missing or was changed)`
            : checkpoint.signature !== checkpointSignature(master, checkpoint)
              ? `the checkpoint for entries ${checkpoint.fromId} to ${checkpoint.toId} is not signed by Atrium`
              : checkpoint.merkleRoot !== merkleRoot(leaves) || checkpoint.lastHash !== row.hash
                ? `entries ${checkpoint.fromId} to ${checkpoint.toId} no longer match their signed checkpoint`
                : null;
        if (problem) return broken(checkpoint.fromId, "checkpoint", `Checkpoint check failed: ${problem}.`);
        checkpointsVerified++;
        lastCheckpointTo = checkpoint.toId;
        leaves = [];
        checkpoints.shift();
      }
    }
    if (rows.length < VERIFY_PAGE) break;
    await yieldToEventLoop();
  }

  const pending = await nextCheckpoint();
  if (pending && pending.toId > prev.id) {
    return broken(prev.id + 1, "deleted", `Entries from ${prev.id + 1} are missing: a signed checkpoint covers entries up to ${pending.toId}, the chain ends at ${prev.id}.`);
  }
  return { status: "valid", chain_length: prev.id, first_entry: firstEntry, last_entry: lastEntry, checkpoints_verified: checkpointsVerified };
}

/** GET /api/audit/verify and the Audit page's Verify button. */
export function verifyAudit({ db, viewer }: ServiceContext) {
  assertAdmin(viewer);
  return verifyChain(db);
}
