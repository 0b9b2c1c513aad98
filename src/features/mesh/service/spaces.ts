import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Db, DbTx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { SpaceDetail } from "../schemas";

/** Entries of a space given to a task as its context: the newest ones, within this many characters. */
const CONTEXT_ENTRIES = 20;
const CONTEXT_CHARS = 12_000;
/** One entry's stored text is cut here (an agent's answer can be long). */
export const ENTRY_CHARS = 20_000;
export const MAX_SPACES_PER_USER = 1_000;

const spaceNotFound = (id: string) => new AppError("NOT_FOUND", `Shared space ${id} not found`, { wireCode: "SPACE_NOT_FOUND" });
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function createSpace(db: Db, userId: string, metadata: Record<string, unknown>) {
  if ((await db.meshSpace.count({ where: { userId } })) >= MAX_SPACES_PER_USER) {
    throw new AppError("CONFLICT", `A mesh holds at most ${MAX_SPACES_PER_USER} spaces`, { wireCode: "TOO_MANY_SPACES" });
  }
  const space = await db.meshSpace.create({ data: { userId, metadata: metadata as Prisma.InputJsonObject } });
  return { space_id: space.id };
}

/** The caller's space; someone else's looks exactly like a missing one. */
export async function ownSpace(db: DbTx, userId: string, id: string) {
  const space = isUuid(id) ? await db.meshSpace.findUnique({ where: { id } }) : null;
  if (!space || space.userId !== userId) throw spaceNotFound(id);
  return space;
}

export async function getSpace(db: Db, userId: string, id: string): Promise<SpaceDetail> {
  const space = await ownSpace(db, userId, id);
  const [counts, newest] = await Promise.all([
    db.meshSpaceEntry.groupBy({ by: ["kind"], where: { spaceId: id }, _count: { _all: true } }),
    db.meshSpaceEntry.findMany({ where: { spaceId: id }, orderBy: { createdAt: "desc" }, take: 50 }),
  ]);
  const count = (kind: string) => counts.find((c) => c.kind === kind)?._count._all ?? 0;
  return {
    shared_space_id: space.id,
    message_count: count("message"),
    artifact_count: count("artifact"),
    metadata: (space.metadata ?? {}) as Record<string, unknown>,
    messages: newest.reverse().map((e) => ({ task_id: e.taskId, kind: e.kind as "message" | "artifact", role: e.role as "user" | "agent", agent: e.agent, content: e.content, timestamp: e.createdAt.getTime() })),
    created_at: space.createdAt.getTime(),
    updated_at: space.updatedAt.getTime(),
  };
}

export async function listSpaces(db: Db, userId: string) {
  const spaces = await db.meshSpace.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 100, include: { _count: { select: { entries: true } } } });
  return spaces.map((s) => ({ id: s.id, metadata: (s.metadata ?? {}) as Record<string, unknown>, entry_count: s._count.entries, created_at: s.createdAt.getTime(), updated_at: s.updatedAt.getTime() }));
}

/** What a task in this space is told came before it: the newest messages, oldest first, bounded. */
export async function spaceContext(db: Db, spaceId: string): Promise<string> {
  const entries = await db.meshSpaceEntry.findMany({ where: { spaceId, kind: "message" }, orderBy: { createdAt: "desc" }, take: CONTEXT_ENTRIES });
  const lines: string[] = [];
  let size = 0;
  for (const e of entries) {
    const line = `${e.role === "user" ? "Task" : `Answer (${e.agent ?? "agent"})`}: ${e.content}`;
    if (size + line.length > CONTEXT_CHARS) break;
    lines.unshift(line);
    size += line.length;
  }
  return lines.join("\n\n");
}

/** Adds a task's prompt and its answer (and any artifacts the agent sent) to its space. */
export async function recordInSpace(db: Db, spaceId: string, taskId: string, entries: { kind?: "message" | "artifact"; role: "user" | "agent"; agent?: string; content: string }[]) {
  if (entries.length === 0) return;
  const base = Date.now();
  await db.$transaction([
    // createdAt spaced by a millisecond keeps the prompt before its answer.
    db.meshSpaceEntry.createMany({ data: entries.map((e, i) => ({ spaceId, taskId, kind: e.kind ?? "message", role: e.role, agent: e.agent ?? null, content: e.content.slice(0, ENTRY_CHARS), createdAt: new Date(base + i) })) }),
    db.meshSpace.update({ where: { id: spaceId }, data: { updatedAt: new Date() } }),
  ]);
}
