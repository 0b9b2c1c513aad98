import "server-only";
import { randomUUID } from "node:crypto";
import type { A2aTask, Prisma } from "@/generated/prisma/client";
import type { Viewer } from "@/server/auth/viewer";
import { getDb } from "@/server/db";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { answerOnce } from "@/features/chat/service/answer-once";
import { publishTaskEvent } from "../service/events";
import { agentMessage, answerArtifact, artifactEvent, statusEvent, type WireMessage } from "../service/wire";

/** How often a running task tells the database its process is alive. */
export const TASK_HEARTBEAT_MS = 5_000;
/** The longest an agent may take to answer one A2A task. */
export const TASK_TIMEOUT_MS = 10 * 60_000;
/** Streamed text is sent in chunks at most this often (a token per event would flood the bus). */
const CHUNK_MS = 50;

/** Takes a task (submitted → working, owned by this process) in one statement; null when another has it or it ended. */
async function claim(db: Db, taskId: string, owner: string): Promise<A2aTask | null> {
  const claimed = await db.a2aTask.updateMany({
    where: { id: taskId, state: "submitted", owner: null },
    data: { state: "working", owner, heartbeatAt: new Date(), attempts: { increment: 1 }, statusAt: new Date() },
  });
  return claimed.count === 1 ? db.a2aTask.findUnique({ where: { id: taskId } }) : null;
}

/**
 * Runs one task as this process: its agent answers through chat's answerOnce (its model, tools and
 * metering, kept as a chat session "A2A task: <agent>"), the text going to the task's stream in
 * chunks as it arrives, and the row and a last status event saying how it ended. When the job is
 * aborted because this process stops, the row stays `working` and recovery gives it another try; when
 * it was canceled, the cancel already wrote the row and the event.
 */
export async function executeA2aTask(taskId: string, owner: string, jobSignal: AbortSignal) {
  const db = getDb();
  const task = await claim(db, taskId, owner);
  if (!task) return;
  await publishTaskEvent(taskId, statusEvent(task));
  const heartbeat = setInterval(() => {
    void db.a2aTask.updateMany({ where: { id: taskId, owner }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, TASK_HEARTBEAT_MS);
  heartbeat.unref();
  const timeout = AbortSignal.timeout(TASK_TIMEOUT_MS);
  const signal = AbortSignal.any([jobSignal, timeout]);
  const chunks = chunkSender(task);
  try {
    const viewer = await ownerOf(db, task.userId);
    const answer = await answerOnce({ db, viewer, agentId: task.agentId, message: task.prompt, titlePrefix: "A2A task", logLabel: "a2a-task", events: { token: chunks.add } }, signal);
    await chunks.flush();
    const { turn } = answer;
    if (turn.status === "complete") {
      await finish(db, task, owner, { state: "completed", text: turn.content, sessionId: answer.sessionId }, chunks.sent);
    } else if (turn.status === "aborted" || signal.aborted) {
      if (jobSignal.aborted && !timeout.aborted) return; // canceled (row already says so) or this process stops
      await finish(db, task, owner, { state: "failed", error: `The agent did not answer within ${TASK_TIMEOUT_MS / 60_000} minutes`, sessionId: answer.sessionId }, chunks.sent);
    } else {
      await finish(db, task, owner, { state: "failed", error: turn.error ?? "The agent could not answer", sessionId: answer.sessionId }, chunks.sent);
    }
  } catch (error) {
    if (jobSignal.aborted && !timeout.aborted) return;
    const reason = error instanceof AppError ? error.detail : "The task failed on our side";
    if (!(error instanceof AppError)) log.error("A2A task failed unexpectedly", { err: error, taskId });
    await finish(db, task, owner, { state: "failed", error: reason }, "");
  } finally {
    clearInterval(heartbeat);
    chunks.stop();
  }
}

async function ownerOf(db: Db, userId: string): Promise<Viewer> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (!user) throw new AppError("NOT_FOUND", "The task's owner no longer exists");
  return { userId, role: user.role === "admin" ? "admin" : "user", via: "api_key" };
}

type Outcome = { state: "completed"; text: string; sessionId: string } | { state: "failed"; error: string; sessionId?: string };

/**
 * Writes how the task ended (only while this process still owns it working: a cancel wins), then
 * finishes the answer's artifact on the stream and publishes the last status.
 */
async function finish(db: Db, task: A2aTask, owner: string, outcome: Outcome, streamed: string) {
  const history = (task.history ?? []) as unknown as WireMessage[];
  const data: Prisma.A2aTaskUpdateManyMutationInput =
    outcome.state === "completed"
      ? {
          state: "completed",
          artifacts: [answerArtifact(outcome.text)] as unknown as Prisma.InputJsonArray,
          history: [...history, agentMessage(task, randomUUID(), outcome.text)] as unknown as Prisma.InputJsonArray,
        }
      : { state: "failed", error: outcome.error.slice(0, 2000) };
  const written = await db.a2aTask.updateMany({
    where: { id: task.id, owner, state: "working" },
    data: { ...data, sessionId: outcome.sessionId ?? null, owner: null, heartbeatAt: null, statusAt: new Date() },
  });
  if (written.count === 0) return;
  const ended = await db.a2aTask.findUniqueOrThrow({ where: { id: task.id } });
  if (outcome.state === "completed") {
    // The last chunk: the rest of the answer, or the whole of it when what was streamed is not its start.
    const rest = outcome.text.startsWith(streamed) ? outcome.text.slice(streamed.length) : null;
    await publishTaskEvent(task.id, rest === null || streamed === "" ? artifactEvent(task, outcome.text, false, true) : artifactEvent(task, rest, true, true));
  }
  await publishTaskEvent(task.id, statusEvent(ended), { last: true });
}

/** Collects streamed tokens and sends them as artifact chunks, at most every CHUNK_MS. */
function chunkSender(task: A2aTask) {
  let pending = "";
  let sent = "";
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const flushNow = () => {
    timer = null;
    if (!pending) return chain;
    const text = pending;
    const append = sent !== "";
    pending = "";
    sent += text;
    chain = chain.then(() => publishTaskEvent(task.id, artifactEvent(task, text, append, false)));
    return chain;
  };
  return {
    add(token: string) {
      pending += token;
      timer ??= setTimeout(flushNow, CHUNK_MS);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await flushNow();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    get sent() {
      return sent;
    },
  };
}
