import type { Prisma } from "@/generated/prisma/client";
import type { Db, DbTx } from "@/server/db/client";
import { secret } from "@/server/env";
import { checkpointSignature, entryHash, GENESIS_HASH, merkleRoot, sealOf, type ChainEntry } from "./chain";

/** What an audited action says about itself. `details` is a sentence a person reads in the Audit table. */
export interface AuditInput {
  eventType: string;
  actorId?: string | null;
  agentId?: string | null;
  subjectType?: string;
  subjectId?: string;
  details: string;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** Checkpoint every this many entries (tests lower it). Module state on globalThis like the other singletons. */
const settings = ((globalThis as unknown as { atriumAuditSettings?: { checkpointEvery: number } }).atriumAuditSettings ??= {
  checkpointEvery: 256,
});
export const auditSettings = settings;

/** One 64-bit key for pg_advisory_xact_lock: "audit" in ASCII. Every appender takes it before reading the head. */
export const AUDIT_LOCK_KEY = 0x6175646974;

/**
 * Appends one entry to the audit chain. Give it the transaction of the action it records (`tx`), so
 * the entry commits or rolls back with the action; given the plain client it opens its own.
 *
 * Concurrency: the transaction takes a transaction-scoped advisory lock before it reads the chain's
 * head, so appenders queue one after another until commit and the chain never forks (two entries
 * with the same prev_hash) on a Postgres with many connections. The lock is held until the caller's
 * transaction ends: keep audited transactions short.
 */
export async function recordAudit(db: Db | DbTx, entry: AuditInput): Promise<void> {
  // A transaction client has no $disconnect (Prisma hides it there); nested $transaction is savepoints, which PGlite lacks.
  if (typeof (db as Partial<Db>).$disconnect === "function") {
    // Appenders queue on the lock (a few ms each): allow a burst to wait its turn for a connection.
    await (db as Db).$transaction((tx) => append(tx, entry), { maxWait: 10_000, timeout: 15_000 });
    return;
  }
  await append(db as DbTx, entry);
}

/**
 * Appends several entries in the caller's transaction, in order, with one lock, one read of the head
 * and one insert (a burst of webhook runs records its entries together).
 */
export async function recordAudits(tx: DbTx, entries: AuditInput[]): Promise<void> {
  if (entries.length) await append(tx, ...entries);
}

async function append(tx: DbTx, ...inputs: AuditInput[]) {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const head = await tx.auditEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true, hash: true } });
  const master = secret();
  let prevHash = head?.hash ?? GENESIS_HASH;
  let id = head?.id ?? 0;
  const rows = inputs.map((input) => {
    const entry: ChainEntry = {
      id: ++id,
      timestamp: new Date(),
      eventType: input.eventType,
      actorId: input.actorId ?? null,
      agentId: input.agentId ?? null,
      subjectType: input.subjectType ?? null,
      subjectId: input.subjectId ?? null,
      details: input.details,
      // What is hashed must be what the jsonb column gives back: plain JSON, no undefined or Dates.
      data: JSON.parse(JSON.stringify(input.data ?? {})) as Prisma.InputJsonObject,
      ip: input.ip ?? null,
    };
    const hash = entryHash(prevHash, entry);
    const row = { ...entry, data: entry.data as Prisma.InputJsonObject, prevHash, hash, seal: sealOf(master, entry.id, hash) };
    prevHash = hash;
    return row;
  });
  if (rows.length === 1) await tx.auditEntry.create({ data: rows[0] });
  else await tx.auditEntry.createMany({ data: rows });
  for (const row of rows) if (row.id % settings.checkpointEvery === 0) await writeCheckpoint(tx, row.id, master);
}

/** A signed checkpoint over the entries after the last checkpoint up to `toId` (inside the appender's lock). */
async function writeCheckpoint(tx: DbTx, toId: number, master: string) {
  const last = await tx.auditCheckpoint.findFirst({ orderBy: { toId: "desc" }, select: { toId: true } });
  const fromId = (last?.toId ?? 0) + 1;
  if (fromId > toId) return;
  const rows = await tx.auditEntry.findMany({ where: { id: { gte: fromId, lte: toId } }, orderBy: { id: "asc" }, select: { hash: true } });
  const hashes = rows.map((r) => r.hash);
  const checkpoint = { fromId, toId, merkleRoot: merkleRoot(hashes), lastHash: hashes[hashes.length - 1] ?? GENESIS_HASH };
  await tx.auditCheckpoint.create({ data: { ...checkpoint, signature: checkpointSignature(master, checkpoint) } });
}
