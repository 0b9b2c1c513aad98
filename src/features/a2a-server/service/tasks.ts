import "server-only";
import { randomUUID } from "node:crypto";
import type { A2aTask, Prisma } from "@/generated/prisma/client";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { A2A_TASK_JOB } from "../runs/job-names";
import { publishTaskEvent } from "./events";
import { OPEN_STATES, statusEvent, type TaskState, type WireMessage } from "./wire";

/** Tasks of one user that may wait or run at once; more is refused until some finish. */
export const MAX_OPEN_TASKS = 50;

export const taskNotFound = (id: string) => new AppError("NOT_FOUND", `Task ${id} not found`);
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export interface NewTask {
  agentId: string;
  contextId?: string | null;
  /** What the agent is asked. */
  prompt: string;
  /** The client's message as A2A 1.0 writes it (kept as the task's first history entry). */
  message: Omit<WireMessage, "taskId" | "contextId">;
  surface: "a2a" | "legacy";
}

/**
 * Accepts a task: stores it `submitted` and enqueues the job that runs it; nothing runs in the request.
 * The caller has already chosen an agent the viewer may use (service/agents.ts).
 */
export async function createTask(db: Db, viewer: Viewer, input: NewTask): Promise<A2aTask> {
  const open = await db.a2aTask.count({ where: { userId: viewer.userId, state: { in: OPEN_STATES } } });
  if (open >= MAX_OPEN_TASKS) throw new AppError("RATE_LIMITED", `At most ${MAX_OPEN_TASKS} A2A tasks may wait or run at once; wait for some to finish`, { headers: { "Retry-After": "5" } });
  const { runnerForA2a } = await import("../runs/runner");
  const runner = await runnerForA2a();
  const id = randomUUID();
  const contextId = input.contextId || randomUUID();
  const history = [{ ...input.message, contextId, taskId: id }];
  const task = await db.a2aTask.create({
    data: { id, userId: viewer.userId, agentId: input.agentId, contextId, prompt: input.prompt, surface: input.surface, history: history as unknown as Prisma.InputJsonArray, jobId: id },
  });
  await publishTaskEvent(id, statusEvent(task));
  try {
    await runner.enqueue(A2A_TASK_JOB, { task_id: id }, { id });
  } catch (error) {
    await db.a2aTask.update({ where: { id }, data: { state: "failed", error: "The task could not be queued", statusAt: new Date() } });
    throw error;
  }
  return task;
}

/** The caller's task; someone else's looks exactly like a missing one. */
export async function findTask(db: Db, userId: string, id: string): Promise<A2aTask> {
  const task = isUuid(id) ? await db.a2aTask.findUnique({ where: { id } }) : null;
  if (!task || task.userId !== userId) throw taskNotFound(id);
  return task;
}

export interface TaskQuery {
  contextId?: string;
  state?: TaskState;
  /** Only tasks whose state changed at or after this instant. */
  changedSince?: Date;
  limit: number;
  /** The last task of the previous page (`<created_at ISO>_<id>`). */
  after?: { createdAt: Date; id: string };
}

/** The caller's tasks, newest first, one page at a time, with how many match in all. */
export async function listTasks(db: Db, userId: string, query: TaskQuery) {
  const where: Prisma.A2aTaskWhereInput = {
    userId,
    ...(query.contextId ? { contextId: query.contextId } : {}),
    ...(query.state ? { state: query.state } : {}),
    ...(query.changedSince ? { statusAt: { gte: query.changedSince } } : {}),
  };
  const page: Prisma.A2aTaskWhereInput = query.after
    ? { OR: [{ createdAt: { lt: query.after.createdAt } }, { createdAt: query.after.createdAt, id: { lt: query.after.id } }] }
    : {};
  const [tasks, total] = await Promise.all([
    db.a2aTask.findMany({ where: { AND: [where, page] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 }),
    db.a2aTask.count({ where }),
  ]);
  return { tasks: tasks.slice(0, query.limit), more: tasks.length > query.limit, total };
}

/**
 * Cancels a task that has not ended: the row first (so the job, when its abort lands, finds it
 * canceled and writes nothing), then the canceled status to its stream, then the job is stopped.
 * 409 when the task had already ended.
 */
export async function cancelTask(db: Db, userId: string, id: string): Promise<A2aTask> {
  const task = await findTask(db, userId, id);
  const ended = await db.a2aTask.updateMany({
    where: { id, state: { in: OPEN_STATES } },
    data: { state: "canceled", error: "The task was canceled by its client", owner: null, heartbeatAt: null, statusAt: new Date() },
  });
  if (ended.count === 0) throw new AppError("CONFLICT", `Task ${id} has already ended (${task.state}) and cannot be canceled`);
  const canceled = await db.a2aTask.findUniqueOrThrow({ where: { id } });
  await publishTaskEvent(id, statusEvent(canceled), { last: true });
  if (task.jobId) {
    const { runnerForA2a } = await import("../runs/runner");
    await (await runnerForA2a()).cancel(task.jobId).catch(() => {});
  }
  return canceled;
}

/** Earlier exchanges of a conversation given to the agent: this many at most, this many characters at most. */
const CONTEXT_TASKS = 10;
const CONTEXT_CHARS = 12_000;

/**
 * The prompt for a message in an ongoing conversation (a contextId the caller used before): the
 * earlier completed exchanges of that context come first, so the agent can follow on.
 */
export async function promptWithContext(db: Db, userId: string, contextId: string | null | undefined, prompt: string) {
  if (!contextId) return prompt;
  const earlier = await db.a2aTask.findMany({
    where: { userId, contextId, state: "completed" },
    orderBy: { createdAt: "desc" },
    take: CONTEXT_TASKS,
    select: { history: true },
  });
  const lines: string[] = [];
  let size = 0;
  for (const task of earlier) {
    const messages = (task.history ?? []) as unknown as WireMessage[];
    const text = messages.map((m) => `${m.role === "ROLE_AGENT" ? "Agent" : "User"}: ${m.parts.map((p) => p.text ?? JSON.stringify(p.data)).join("\n")}`).join("\n");
    if (size + text.length > CONTEXT_CHARS) break;
    size += text.length;
    lines.unshift(text);
  }
  return lines.length ? `Earlier in this conversation:\n${lines.join("\n\n")}\n\nNow:\n${prompt}` : prompt;
}
