import "server-only";
import type { A2aTask } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { getEventBus } from "@/server/events";
import { taskStream } from "./events";
import { closesStream, isEnded, statusEvent, type WireEvent } from "./wire";

/** How long a blocking send waits for the answer before it answers with the task still working. */
export const BLOCKING_WAIT_MS = 60_000;
/** While following, the row is read this often too, in case an event was lost (the row is the truth). */
const ROW_CHECK_MS = 2_000;

/**
 * The task's stream events from its first one, live, until one that closes the stream (terminal or
 * interrupted state), the signal aborts, or the row says the task ended (then a last status event
 * made from the row is yielded, so a follower never hangs on a lost event).
 */
export async function* followTask(db: Db, taskId: string, signal: AbortSignal): AsyncGenerator<WireEvent> {
  const queue: WireEvent[] = [];
  let wake: (() => void) | null = null;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  const nudge = () => {
    wake?.();
    wake = null;
  };
  getEventBus().subscribe(
    taskStream(taskId),
    "0-0",
    (event) => {
      queue.push(event.data as WireEvent);
      nudge();
    },
    stop.signal,
  );
  stop.signal.addEventListener("abort", nudge, { once: true });
  const check = setInterval(nudge, ROW_CHECK_MS);
  let lastCheck = Date.now();
  try {
    while (!stop.signal.aborted) {
      const event = queue.shift();
      if (event) {
        yield event;
        if (closesStream(event)) return;
        continue;
      }
      if (Date.now() - lastCheck >= ROW_CHECK_MS) {
        lastCheck = Date.now();
        const row = await db.a2aTask.findUnique({ where: { id: taskId } });
        if (!row || isEnded(row.state)) {
          // Whatever the bus still delivers first wins; else the row's own final status.
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (queue.length) continue;
          if (row) yield statusEvent(row);
          return;
        }
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    clearInterval(check);
    signal.removeEventListener("abort", onAbort);
    stop.abort();
  }
}

/** Waits (at most `timeoutMs`, or until the signal aborts) for the task to end; answers the row as it is then. */
export async function waitForEnd(db: Db, task: A2aTask, timeoutMs: number, signal: AbortSignal): Promise<A2aTask> {
  if (!isEnded(task.state)) {
    const within = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
    for await (const _event of followTask(db, task.id, within)) {
      // Only the end matters here; followTask returns after the closing event.
    }
  }
  return (await db.a2aTask.findUnique({ where: { id: task.id } })) ?? task;
}
