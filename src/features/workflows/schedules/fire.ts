import "server-only";
import type { WorkflowSchedule } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { executeAgent } from "@/features/chat/service/execute";
import { viewerOfUser } from "../service/viewer";
import { startWorkflowRun } from "../service/engine-link";
import { nextRunAfter } from "./cron";

/** How many due schedules one tick fires (the rest wait for the next tick, a few seconds later). */
const BATCH = 50;

/** What firing did: the run it started (a workflow run, or the agent's run), or why it could not. */
export interface Fired {
  runId: string | null;
  detail: string;
  error?: string;
}

/** Starts the schedule's target as its owner. Never throws: a failure is reported and the schedule goes on. */
export async function fireSchedule(db: Db, s: WorkflowSchedule): Promise<Fired> {
  try {
    if (s.targetType === "workflow" && s.workflowId) {
      const run = await startWorkflowRun(db, { workflowId: s.workflowId, userId: s.ownerId, input: s.input ?? {}, trigger: "schedule" });
      return { runId: run.id, detail: `Started workflow run ${run.id}` };
    }
    if (s.targetType === "agent" && s.agentId) {
      const viewer = await viewerOfUser(db, s.ownerId);
      if (!viewer) return { runId: null, detail: "The owner no longer exists", error: "the owner no longer exists" };
      const message = String((s.input as { message?: unknown } | null)?.message ?? "").trim();
      const handle = await executeAgent({ db, viewer }, s.agentId, {
        mode: "agent", input: message, agent_ids: [], rounds: 2, stream: false, continue_on_disconnect: true,
      });
      return { runId: handle.runId, detail: `Sent the agent the message (run ${handle.runId})` };
    }
    return { runId: null, detail: "The schedule has no target", error: "it has no target" };
  } catch (error) {
    const message = error instanceof AppError ? error.detail : "an unexpected error";
    if (!(error instanceof AppError)) log.error("schedule failed to fire", { schedule_id: s.id, err: error });
    return { runId: null, detail: `Could not start: ${message}`, error: message };
  }
}

/**
 * Fires every enabled schedule whose time has come. Each is claimed first by moving its next_run_at
 * on with `UPDATE ... WHERE next_run_at = <the value read>`: of two processes (or two ticks) reading
 * the same due schedule, exactly one update matches, so a schedule fires once per due time. A
 * schedule missed while no process ran fires once on the next tick, not once per missed time.
 */
export async function fireDueSchedules(db: Db, now = new Date()) {
  const due = await db.workflowSchedule.findMany({ where: { enabled: true, nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" }, take: BATCH });
  let fired = 0;
  for (const s of due) {
    const next = nextRunAfter(s.cron, s.timezone, now);
    const { count } = await db.workflowSchedule.updateMany({
      where: { id: s.id, enabled: true, nextRunAt: s.nextRunAt },
      data: { nextRunAt: next, lastRunAt: now, ...(next ? {} : { enabled: false }) },
    });
    if (count !== 1) continue;
    const result = await fireSchedule(db, s);
    if (result.runId) await db.workflowSchedule.update({ where: { id: s.id }, data: { lastRunId: result.runId } }).catch(() => {});
    fired++;
  }
  return fired;
}
