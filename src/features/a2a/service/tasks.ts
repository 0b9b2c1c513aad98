import "server-only";
import type { A2aOutboundTask } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { getEventBus } from "@/server/events";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import { log } from "@/server/log";
import { INTERRUPTED_STATES, TERMINAL_STATES, type A2aTaskDto, type TaskStateName } from "../schemas";
import { ownAgent } from "./agents";
import { a2aTimeouts, clientFor, messageOf, outcomeOf, type RemoteOutcome } from "./client";

/** The job that sends a task and follows it (its id is the task's id on the first try). */
export const A2A_SEND_JOB = "a2a-send";
/** Every change of a person's outbound tasks goes to one bus stream (the page and waiting tools read it). */
export const a2aStream = (userId: string) => `a2a:${userId}`;

type TaskRow = A2aOutboundTask & { agent: { name: string } };

export const isTerminal = (state: string) => TERMINAL_STATES.includes(state as TaskStateName);
/** The job stops following: the task ended, or the outside agent waits for the sender. */
export const isSettled = (state: string) => isTerminal(state) || INTERRUPTED_STATES.includes(state as TaskStateName);

export function taskDto(row: TaskRow): A2aTaskDto {
  return {
    id: row.id,
    agent_id: row.agentId,
    agent_name: row.agent.name,
    message: row.message,
    state: row.state as TaskStateName,
    remote_task_id: row.remoteTaskId,
    result: row.resultText,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
  };
}

const withAgent = { agent: { select: { name: true } } } as const;

export async function loadTask(db: Db, id: string) {
  return db.a2aOutboundTask.findUnique({ where: { id }, include: withAgent });
}

export async function publishTask(db: Db, id: string) {
  const row = await loadTask(db, id);
  if (!row) return;
  try {
    await getEventBus().publish(a2aStream(row.userId), "a2a_task", taskDto(row), { retention: 500 });
  } catch (error) {
    // The row is the truth; a lost event costs a live view one update.
    log.error("a2a task event not published", { err: error });
  }
}

/**
 * Records what the outside agent said. Only a task not yet ended changes (the job and a status
 * poll may both look); a failed or rejected task keeps the agent's words as its error.
 */
export async function applyOutcome(db: Db, taskId: string, outcome: RemoteOutcome) {
  const ended = isTerminal(outcome.state);
  const failed = outcome.state === "failed" || outcome.state === "rejected";
  const changed = await db.a2aOutboundTask.updateMany({
    where: { id: taskId, state: { notIn: [...TERMINAL_STATES] } },
    data: {
      state: outcome.state,
      ...(outcome.remoteTaskId ? { remoteTaskId: outcome.remoteTaskId } : {}),
      ...(outcome.contextId ? { contextId: outcome.contextId } : {}),
      resultText: outcome.text || null,
      ...(failed ? { error: outcome.text || `The agent ended the task as ${outcome.state}` } : {}),
      ...(ended ? { finishedAt: new Date(), owner: null, heartbeatAt: null } : {}),
    },
  });
  if (changed.count > 0) await publishTask(db, taskId);
  return changed.count > 0;
}

export async function failTask(db: Db, taskId: string, error: string, where: { owner?: string } = {}) {
  const changed = await db.a2aOutboundTask.updateMany({
    where: { id: taskId, state: { notIn: [...TERMINAL_STATES] }, ...where },
    data: { state: "failed", error: error.slice(0, 2000), finishedAt: new Date(), owner: null, heartbeatAt: null },
  });
  if (changed.count > 0) await publishTask(db, taskId);
}

/** The job runner with the A2A handlers registered: started at boot by server.ts, else (next dev, tests) here. */
export async function runnerForA2a(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(A2A_SEND_JOB)) return runner;
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  return startBackgroundJobs();
}

/** Stores the task and hands it to the job runner; nothing is sent inside the request. */
async function createTask(db: Db, userId: string, agentId: string, message: string) {
  return db.a2aOutboundTask.create({ data: { userId, agentId, message }, include: withAgent });
}

async function enqueue(taskId: string) {
  const runner = await runnerForA2a();
  await runner.enqueue(A2A_SEND_JOB, { task_id: taskId }, { id: taskId });
}

/** POST /api/a2a/send: the task record, `submitted`; the job sends it and follows it. */
export async function sendTask(ctx: AuthedContext, body: { agent_id: string; message: string }) {
  const agent = await ownAgent(ctx, body.agent_id);
  const row = await createTask(ctx.db, ctx.viewer.userId, agent.id, body.message);
  await enqueue(row.id);
  return taskDto((await loadTask(ctx.db, row.id)) ?? row);
}

async function ownTask({ db, viewer }: AuthedContext, id: string) {
  const row = await db.a2aOutboundTask.findFirst({ where: { id, userId: viewer.userId }, include: withAgent });
  if (!row) throw notFound("A2A task");
  return row;
}

/**
 * A task's state. One not yet settled whose remote id is known is asked about at the outside agent
 * first (GetTask, one request within A2A_CALL_TIMEOUT_MS); a failed look leaves the stored state.
 */
export async function taskStatus(ctx: AuthedContext, id: string) {
  const row = await ownTask(ctx, id);
  if (isSettled(row.state) || !row.remoteTaskId) return taskDto(row);
  try {
    const agent = await ctx.db.a2aRemoteAgent.findUnique({ where: { id: row.agentId } });
    if (agent) {
      const client = await clientFor(agent);
      const task = await client.getTask({ id: row.remoteTaskId, tenant: "" } as never, { signal: AbortSignal.timeout(a2aTimeouts().callMs) });
      await applyOutcome(ctx.db, row.id, outcomeOf(task));
    }
  } catch (error) {
    log.warn("a2a status poll failed", { task: row.id, error: messageOf(error) });
  }
  return taskDto(await ownTask(ctx, id));
}

export async function listTasks({ db, viewer }: AuthedContext, agentId?: string) {
  const rows = await db.a2aOutboundTask.findMany({
    where: { userId: viewer.userId, ...(agentId ? { agentId } : {}) },
    include: withAgent,
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return { tasks: rows.map(taskDto), total: rows.length };
}

/**
 * Sends a message and waits for the answer (for agent tools and workflow nodes): the same task and
 * job as POST /api/a2a/send, waited for on the bus (with a look at the row every 2 s in case an
 * event was lost) until it settles, `timeoutMs` passes (the task goes on; its state is returned),
 * or `signal` aborts (the task is cancelled).
 */
export async function sendAndWait(db: Db, userId: string, agentId: string, message: string, signal: AbortSignal, timeoutMs: number): Promise<A2aTaskDto> {
  const row = await createTask(db, userId, agentId, message);
  const settled = new AbortController();
  const stop = AbortSignal.any([signal, settled.signal, AbortSignal.timeout(timeoutMs)]);
  const ended = new Promise<void>((resolve) => {
    const check = (state: unknown) => typeof state === "string" && isSettled(state) && resolve();
    getEventBus().subscribe(a2aStream(userId), undefined, (event) => {
      const data = event.data as { id?: string; state?: string };
      if (data?.id === row.id) check(data.state);
    }, stop);
    const look = setInterval(() => void loadTask(db, row.id).then((r) => (r ? check(r.state) : resolve()), () => {}), 2_000);
    stop.addEventListener("abort", () => {
      clearInterval(look);
      resolve();
    }, { once: true });
  });
  await enqueue(row.id);
  await ended;
  settled.abort();
  if (signal.aborted) {
    await db.a2aOutboundTask.updateMany({ where: { id: row.id, state: { notIn: [...TERMINAL_STATES] } }, data: { state: "canceled", error: "The caller stopped waiting", finishedAt: new Date(), owner: null } });
    await (await runnerForA2a()).cancel(row.id).catch(() => {});
    throw signal.reason instanceof Error ? signal.reason : new DOMException("The operation was aborted", "AbortError");
  }
  const final = await loadTask(db, row.id);
  if (!final) throw notFound("A2A task");
  return taskDto(final);
}
