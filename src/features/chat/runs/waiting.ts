import "server-only";
import { randomUUID } from "node:crypto";
import type { ModelMessage } from "ai";
import type { Prisma } from "@/generated/prisma/client";
import { requestApproval } from "@/features/approvals/service/approvals";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import type { CarriedTurn, PendingCall } from "../service/turn";
import type { RunEvents } from "./events";
import { errorEvent, finishRun, type RunKind, type StoredInput } from "./store";

/** The job a decided approval enqueues to continue the run that waited on it (`{run_id, approval_id}`). */
export const RESUME_RUN_JOB = "agent-run-resume";

/** Stored in the run's input while it waits: enough for any process to continue the turn. */
export interface PausedTurn {
  approvalId: string;
  /** The calls that needed approval; the first one is asked for. */
  pending: PendingCall[];
  /** The conversation after the user's message so far (the model's tool calls, other tools' results). */
  messages: ModelMessage[];
  carried: CarriedTurn;
}

/** What a run kind answers when its turn stopped at a tool call that needs approval. */
export interface WaitRequest {
  paused: Omit<PausedTurn, "approvalId">;
  agentId: string | null;
  description: string;
}

/**
 * Parks a run on an approval, durably: the run's row becomes `waiting` (with the paused turn in its
 * input, and continue-on-disconnect set, so neither a closed tab nor a restart ends it), then the
 * approval is stored and its owner notified, then `approval_required` goes out on the run's stream.
 * The job ends here; the decision enqueues RESUME_RUN_JOB. The row is written before the approval
 * exists, so a decision (however quick) always finds the run waiting.
 */
export async function waitForApproval(db: Db, runId: string, kind: RunKind, viewer: Viewer, stored: StoredInput, wait: WaitRequest, events: RunEvents) {
  const approvalId = randomUUID();
  const paused: PausedTurn = { ...wait.paused, approvalId };
  const parked = await db.agentRun.updateMany({
    where: { id: runId, status: "running" },
    data: { status: "waiting", input: { ...stored, paused } as unknown as Prisma.InputJsonObject, continueOnDisconnect: true, owner: null, heartbeatAt: null },
  });
  if (parked.count !== 1) return;
  const call = paused.pending[0];
  const payload = call.arguments && typeof call.arguments === "object" && !Array.isArray(call.arguments) ? (call.arguments as Record<string, unknown>) : { arguments: call.arguments };
  try {
    await requestApproval(db, {
      id: approvalId,
      ownerId: viewer.userId,
      requesterId: viewer.userId,
      agentId: wait.agentId,
      source: "agent_tool",
      action: call.name,
      description: wait.description,
      payload,
      runId,
      resumeTarget: { job: RESUME_RUN_JOB, data: { run_id: runId } },
    });
  } catch (error) {
    console.error(`[runs] run ${runId}: could not request an approval`, error);
    const message = "The run could not ask for approval";
    await db.agentRun.updateMany({ where: { id: runId, status: "waiting" }, data: { status: "running" } });
    await finishRun(db, runId, "failed", { error: message });
    await events.end("error", errorEvent(kind, message));
    return;
  }
  events.emit("approval_required", { approval_id: approvalId, tool_call_id: call.id, tool: call.name, arguments: call.arguments, description: wait.description });
  await events.flush();
}
