import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";

export type RunKind = "chat" | "orchestrate" | "graph" | "swarm" | "execute";
/** `waiting`: parked on an approval (chat/runs/waiting.ts); the decision's job continues it. */
export type RunStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";
export const FINISHED: RunStatus[] = ["succeeded", "failed", "cancelled"];

/** What a run's row stores so that any process can execute it: who asked, and the kind's own input. */
export interface StoredInput {
  viewer: Viewer;
  [key: string]: unknown;
}

export interface RunRow {
  id: string;
  userId: string;
  kind: RunKind;
  sessionId: string | null;
  status: RunStatus;
  input: StoredInput;
  continueOnDisconnect: boolean;
}

export async function loadRun(db: Db, id: string): Promise<RunRow | null> {
  const row = await db.agentRun.findUnique({
    where: { id },
    select: { id: true, userId: true, kind: true, sessionId: true, status: true, input: true, continueOnDisconnect: true },
  });
  return row as RunRow | null;
}

/** Ends a run that has not ended yet; false when it already had (someone else ended it first). */
export async function finishRun(db: Db, id: string, status: Exclude<RunStatus, "queued" | "running" | "waiting">, fields: { error?: string; result?: object } = {}) {
  const updated = await db.agentRun.updateMany({
    where: { id, status: { in: ["queued", "running"] } },
    data: { status, finishedAt: new Date(), error: fields.error ?? null, ...(fields.result ? { result: fields.result as Prisma.InputJsonObject } : {}) },
  });
  return updated.count === 1;
}

/** The `error` event that ends a run of this kind (chat's has only a message; multi-agent runs name the step). */
export const errorEvent = (kind: RunKind, message: string, step: number | null = null) => (kind === "chat" ? { message } : { message, step });
