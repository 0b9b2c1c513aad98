import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { getDb } from "@/server/db";
import type { Db } from "@/server/db/client";
import { a2aTimeouts, clientFor, messageOf, outcomeOf, userMessage } from "../service/client";
import { applyOutcome, failTask, isSettled, publishTask } from "../service/tasks";

/** How often a task being followed tells the database its process is alive. */
export const TASK_HEARTBEAT_MS = 5_000;
/** GetTask failures in a row after which a task is given up. */
const MAX_POLL_FAILURES = 3;

/** Takes a task (not ended, not owned) for this process in one statement; false when another has it. */
async function claim(db: Db, taskId: string, owner: string) {
  const claimed = await db.a2aOutboundTask.updateMany({
    where: { id: taskId, state: { in: ["submitted", "working"] }, owner: null },
    data: { owner, heartbeatAt: new Date(), attempts: { increment: 1 } },
  });
  return claimed.count === 1;
}

/**
 * The job `a2a-send`: sends the task's message (unless an earlier try already did: then the remote
 * task is only followed) and follows the remote task with GetTask every A2A_POLL_INTERVAL_MS until it
 * settles or A2A_TASK_TIMEOUT_MS from its creation passes (then it is cancelled there and fails
 * here). When this process stops, the row keeps its owner: recovery hands it to another try.
 */
export async function executeA2aTask(taskId: string, owner: string, jobSignal: AbortSignal) {
  const db = getDb();
  if (!(await claim(db, taskId, owner))) return;
  const heartbeat = setInterval(() => {
    void db.a2aOutboundTask.updateMany({ where: { id: taskId, owner }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, TASK_HEARTBEAT_MS);
  heartbeat.unref();
  const mine = { owner };
  try {
    const row = await db.a2aOutboundTask.findUnique({ where: { id: taskId }, include: { agent: true } });
    if (!row) return;
    const { callMs, taskMs, pollMs } = a2aTimeouts();
    const deadline = row.createdAt.getTime() + taskMs;
    const client = await clientFor(row.agent);
    const call = () => ({ signal: AbortSignal.any([jobSignal, AbortSignal.timeout(callMs)]) });

    let remoteId = row.remoteTaskId;
    if (!remoteId) {
      if (row.state === "submitted") await db.a2aOutboundTask.updateMany({ where: { id: taskId, ...mine }, data: { state: "working" } }).then(() => publishTask(db, taskId));
      // The task's id is the message id: an agent that saw an earlier try's message may know it again.
      const outcome = outcomeOf(await client.sendMessage(userMessage(taskId, row.message), call()));
      await applyOutcome(db, taskId, outcome);
      if (isSettled(outcome.state) || !outcome.remoteTaskId) return;
      remoteId = outcome.remoteTaskId;
    }

    let failures = 0;
    for (;;) {
      const current = await db.a2aOutboundTask.findUnique({ where: { id: taskId }, select: { state: true, owner: true } });
      if (!current || isSettled(current.state) || current.owner !== owner) return;
      if (Date.now() >= deadline) {
        await client.cancelTask({ id: remoteId, tenant: "" } as never, call()).catch(() => {});
        await failTask(db, taskId, `The agent did not finish within ${Math.round(taskMs / 1000)} s`, mine);
        return;
      }
      await sleep(pollMs, undefined, { signal: jobSignal });
      try {
        const outcome = outcomeOf(await client.getTask({ id: remoteId, tenant: "" } as never, call()));
        failures = 0;
        await applyOutcome(db, taskId, outcome);
      } catch (error) {
        if (jobSignal.aborted) throw error;
        if (++failures >= MAX_POLL_FAILURES) throw error;
      }
    }
  } catch (error) {
    if (jobSignal.aborted) return; // this process stops (or the waiting caller cancelled): recovery or the caller decides
    await failTask(db, taskId, messageOf(error), mine);
  } finally {
    clearInterval(heartbeat);
    await db.a2aOutboundTask.updateMany({ where: { id: taskId, owner, state: { in: ["input_required", "auth_required"] } }, data: { owner: null, heartbeatAt: null } }).catch(() => {});
  }
}
