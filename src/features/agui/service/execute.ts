import "server-only";
import { EventType } from "@ag-ui/core";
import type { ToolSet } from "ai";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { getEventBus } from "@/server/events";
import type { Prisma } from "@/generated/prisma/client";
import { ownAgent } from "@/features/agents/service/access";
import { toolSet } from "@/features/agents/tools";
import { runModelFor } from "@/features/chat/service/model";
import { runTurn } from "@/features/chat/service/turn";
import { frontendTools, toModelMessages } from "./messages";
import type { RunJobInput } from "./start";
import { RunPublisher } from "./stream";
import { TurnTranslator, type ProducedMessage } from "./translate";

/** How often a running run tells the database it is alive (a stale heartbeat means its process died). */
export const AGUI_HEARTBEAT_MS = 10_000;
/** Model calls of a thread without an agent (the owner's default model, no tools). */
const DEFAULT_LIMIT = 10;

/**
 * Executes one run: claims it (queued → running; anything else is left alone), publishes RUN_STARTED,
 * runs chat's turn over the thread's messages with the agent's tools and the client's frontend tools,
 * translating its events to AG-UI as they happen, stores the messages it produced and how it ended,
 * then publishes the last event (the row is written first, so whoever sees the last event can read
 * the thread). A model call to a frontend tool ends the turn with the call: the run is `paused` and
 * RUN_FINISHED names the calls in `outcome.pendingToolCallIds`; a resume continues the thread.
 */
export async function executeAguiRun(taskId: string, owner: string, signal: AbortSignal) {
  const db = getDb();
  const now = new Date();
  const claimed = await db.aguiRun.updateMany({ where: { id: taskId, status: "queued" }, data: { status: "running", owner, heartbeatAt: now, startedAt: now } });
  if (claimed.count !== 1) return;
  const run = await db.aguiRun.findUniqueOrThrow({ where: { id: taskId }, include: { thread: true } });
  const { thread } = run;
  const input = run.input as unknown as RunJobInput;
  const events = new RunPublisher(getEventBus(), thread.id, taskId);
  const ids = { threadId: thread.id, runId: run.runId };
  // Stored without holding the run back; awaited before the run ends, so a finished run always has it.
  const startStored = events.emit({ type: EventType.RUN_STARTED, ...ids, ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}) }).then(async (startEventId) => {
    if (startEventId) await db.aguiRun.updateMany({ where: { id: taskId }, data: { startEventId } }).catch(() => {});
  });
  const heartbeat = setInterval(() => {
    void db.aguiRun.updateMany({ where: { id: taskId, status: "running" }, data: { heartbeatAt: new Date() } }).catch(() => {});
  }, AGUI_HEARTBEAT_MS);
  heartbeat.unref();
  const translator = new TurnTranslator(events.emit);
  try {
    const viewer = input.viewer;
    const agent = thread.agentId ? await ownAgent(db, viewer, thread.agentId, "use") : null;
    const runModel = await runModelFor(db, viewer.userId, agent);
    const rows = await db.aguiMessage.findMany({ where: { threadId: thread.id }, orderBy: { position: "asc" } });
    const serverTools: ToolSet = agent ? toolSet({ db, userId: viewer.userId }, agent.includeTools.filter((name) => !agent.approvalTools.includes(name))) : {};
    // A frontend tool named like one of the agent's own tools does not replace it.
    const clientTools = frontendTools(input.tools.filter((t) => !(t.name in serverTools)));
    const latest = [...rows].reverse().find((r) => r.role === "user" || r.role === "tool");
    const session = await db.chatSession.findUnique({ where: { id: thread.sessionId }, select: { headMessageId: true } });
    const prompt = await db.chatMessage.create({
      data: { sessionId: thread.sessionId, parentId: session?.headMessageId ?? null, role: "user", content: latest?.role === "tool" ? `Tool result: ${latest.content}` : (latest?.content ?? "") },
    });
    const outcome = await runTurn(
      {
        db,
        userId: viewer.userId,
        agentId: agent?.id ?? null,
        sessionId: thread.sessionId,
        userMessageId: prompt.id,
        runModel,
        instructions: instructionsOf(agent?.systemPrompt ?? "", input.context),
        messages: toModelMessages(rows),
        tools: { ...clientTools, ...serverTools },
        limit: agent?.iterationLimit ?? DEFAULT_LIMIT,
        logLabel: "agui",
      },
      translator,
      signal,
    );
    translator.closeText();
    const answered = new Set(outcome.results.map((r) => r.id));
    const pending = outcome.calls.filter((c) => c.name in clientTools && !answered.has(c.id)).map((c) => c.id);
    const status = outcome.status === "complete" ? (pending.length ? "paused" : "succeeded") : outcome.status === "aborted" ? "cancelled" : "failed";
    await startStored;
    await finish(taskId, thread.id, translator.messages, { status, error: outcome.error ?? null, pending });
    if (outcome.status === "error") await events.end({ type: EventType.RUN_ERROR, message: outcome.error ?? "The model call failed", code: "MODEL_ERROR" });
    else if (outcome.status === "aborted") await events.end({ type: EventType.RUN_FINISHED, ...ids, outcome: { type: "cancelled" } });
    else await events.end({ type: EventType.RUN_FINISHED, ...ids, outcome: { type: "success", ...(pending.length ? { pendingToolCallIds: pending } : {}) } });
  } catch (error) {
    const message = error instanceof AppError ? error.message : "The run failed on our side";
    if (!(error instanceof AppError)) console.error(`[agui] run ${taskId} failed`, error);
    translator.closeText();
    await startStored;
    await finish(taskId, thread.id, translator.messages, { status: signal.aborted ? "cancelled" : "failed", error: message, pending: [] }).catch(() => {});
    await events.end({ type: EventType.RUN_ERROR, message, code: error instanceof AppError ? error.code : "INTERNAL" });
  } finally {
    clearInterval(heartbeat);
  }
}

function instructionsOf(systemPrompt: string, context: RunJobInput["context"]) {
  if (!context.length) return systemPrompt;
  const lines = context.map((c) => `- ${c.description}: ${c.value}`);
  return [systemPrompt, `Context from the application:\n${lines.join("\n")}`].filter(Boolean).join("\n\n");
}

/** Stores what the run produced and how it ended, in one transaction (only while it is still running). */
async function finish(taskId: string, threadId: string, produced: ProducedMessage[], end: { status: string; error: string | null; pending: string[] }) {
  const db = getDb();
  await db.$transaction(async (tx) => {
    const ended = await tx.aguiRun.updateMany({
      where: { id: taskId, status: "running" },
      data: { status: end.status, error: end.error, finishedAt: new Date(), pendingToolCallIds: end.pending.length ? end.pending : undefined },
    });
    if (ended.count !== 1) return;
    const kept = produced.filter((m) => m.content || m.toolCalls?.length || m.role === "tool");
    if (!kept.length) return;
    const last = await tx.aguiMessage.findFirst({ where: { threadId }, orderBy: { position: "desc" }, select: { position: true } });
    const base = (last?.position ?? -1) + 1;
    await tx.aguiMessage.createMany({
      data: kept.map((m, i) => ({
        threadId,
        messageId: m.messageId,
        position: base + i,
        role: m.role,
        content: m.content,
        ...(m.toolCalls ? { toolCalls: m.toolCalls as unknown as Prisma.InputJsonArray } : {}),
        ...(m.toolCallId ? { toolCallId: m.toolCallId } : {}),
      })),
      skipDuplicates: true,
    });
  });
}
