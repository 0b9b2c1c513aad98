import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { Db, DbTx } from "@/server/db/client";
import { AppError, conflict, forbidden, notFound } from "@/server/errors";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import type { Prisma } from "@/generated/prisma/client";
import { ownAgent } from "@/features/agents/service/access";
import type { RunAgentInput } from "../schemas";
import { storableOf } from "./messages";

export const AGUI_RUN_JOB = "agui-run";

/** Which agent a new thread runs: one named in the path (`main` for the main agent), else `forwardedProps.agentId`, else the main agent. */
export type AgentChoice = { kind: "path"; agentId: string | "main" } | { kind: "input" };

/** What the job needs to run a run in any process. */
export interface RunJobInput {
  viewer: Viewer;
  tools: RunAgentInput["tools"];
  context: RunAgentInput["context"];
}

export interface StartedRun {
  taskId: string;
  threadId: string;
  runId: string;
  created: boolean;
}

const ACTIVE = ["queued", "running"];

async function runnerForRuns(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(AGUI_RUN_JOB)) return runner;
  // Not started at boot (next dev, tests): start it now. Loaded here rather than imported, because
  // the job's executor imports this file.
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  return startBackgroundJobs();
}

interface Ctx {
  db: Db;
  viewer: Viewer;
}

/**
 * The thread a request names, for its owner only: 404 when it does not exist, 403 when it is
 * someone else's (seed 003 documents 403 "not the thread's owner").
 */
export async function ownThread(ctx: Ctx, threadId: string) {
  const thread = await ctx.db.aguiThread.findUnique({ where: { id: threadId } });
  if (!thread) throw notFound("Thread");
  if (thread.userId !== ctx.viewer.userId) throw forbidden("This thread belongs to someone else");
  return thread;
}

const invalid = (path: string, message: string) => new AppError("VALIDATION_ERROR", message, { issues: [{ path, message }] });

/** The agent of a new thread (null: no agent, the owner's default model without tools). */
async function agentFor(ctx: Ctx, input: RunAgentInput, choice: AgentChoice): Promise<string | null> {
  let named: string | undefined;
  if (choice.kind === "path") {
    if (choice.agentId !== "main") named = choice.agentId;
  } else {
    const props = (input.forwardedProps ?? {}) as Record<string, unknown>;
    const value = props.agentId ?? props.agent_id;
    if (value !== undefined) {
      if (typeof value !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
        throw invalid("forwardedProps.agentId", "forwardedProps.agentId must be an agent's id (a UUID)");
      }
      named = value;
    }
  }
  if (named) return (await ownAgent(ctx.db, ctx.viewer, named, "use")).id;
  const main = await ctx.db.agent.findFirst({ where: { ownerId: ctx.viewer.userId, isMain: true }, select: { id: true } });
  return main?.id ?? null;
}

/**
 * Starts a run on a thread (creating the thread on its first run) and hands it to the job runner;
 * answers at once, the run goes on in the background. The client's messages are added to the thread
 * by id (a message already there is skipped, so a client that sends the whole conversation every
 * time, as HttpAgent does, adds only what is new). Posting a runId the thread already has answers that
 * run again (a retried request starts nothing). One run at a time per thread: 409 while one is queued
 * or running. `resume` continues a run that paused at frontend tool calls: it needs one, and its tool
 * messages must answer calls of the thread.
 */
export async function startRun(ctx: Ctx, input: RunAgentInput, options: { resume: boolean; agent: AgentChoice }): Promise<StartedRun> {
  const { db, viewer } = ctx;
  const existing = await db.aguiThread.findUnique({ where: { id: input.threadId }, select: { userId: true, agentId: true } });
  if (existing && existing.userId !== viewer.userId) throw forbidden("This thread belongs to someone else");
  if (!existing && options.resume) throw notFound("Thread");
  if (existing && options.agent.kind === "path" && options.agent.agentId !== "main" && options.agent.agentId !== existing.agentId) {
    throw conflict("This thread runs with another agent; start a new thread for this one");
  }
  const agentId = existing ? existing.agentId : await agentFor(ctx, input, options.agent);
  const agentName = !existing && agentId ? (await db.agent.findUnique({ where: { id: agentId }, select: { name: true } }))?.name : undefined;
  const incoming = input.messages.map(storableOf).filter((m) => m !== null);
  const jobInput: RunJobInput = { viewer, tools: input.tools, context: input.context };

  const started = await db.$transaction(async (tx) => {
    let created = false;
    if (!existing) {
      const session = await tx.chatSession.create({ data: { userId: viewer.userId, agentId: null, title: `AG-UI: ${agentName ?? "assistant"}`.slice(0, 200) } });
      await tx.aguiThread.create({ data: { id: input.threadId, userId: viewer.userId, agentId, sessionId: session.id } });
      created = true;
    }
    // Taking the thread's row first makes concurrent requests on one thread wait for each other.
    await tx.aguiThread.update({ where: { id: input.threadId }, data: { updatedAt: new Date() } });
    const same = await tx.aguiRun.findUnique({ where: { threadId_runId: { threadId: input.threadId, runId: input.runId } }, select: { id: true } });
    if (same) return { taskId: same.id, threadId: input.threadId, runId: input.runId, created: false, enqueue: false };
    const runs = await tx.aguiRun.findMany({ where: { threadId: input.threadId, status: { in: [...ACTIVE, "paused"] } }, select: { id: true, status: true, pendingToolCallIds: true } });
    if (runs.some((r) => ACTIVE.includes(r.status))) throw conflict("A run of this thread is still in progress; wait for its RUN_FINISHED or RUN_ERROR");
    const paused = runs.filter((r) => r.status === "paused");
    if (options.resume && !paused.length) throw conflict("No run of this thread is waiting for tool results");
    const added = await addMessages(tx, input.threadId, incoming, options.resume ? paused.flatMap((r) => (r.pendingToolCallIds as string[] | null) ?? []) : null);
    if (!existing && !added.some((m) => m.role === "user")) throw invalid("messages", "A new thread starts with at least one user message");
    // A paused run is over once the thread goes on (with the results, or without them).
    if (paused.length) await tx.aguiRun.updateMany({ where: { id: { in: paused.map((r) => r.id) }, status: "paused" }, data: { status: "succeeded" } });
    const run = await tx.aguiRun.create({
      data: { threadId: input.threadId, runId: input.runId, parentRunId: input.parentRunId ?? null, input: jobInput as unknown as Prisma.InputJsonObject },
    });
    return { taskId: run.id, threadId: input.threadId, runId: input.runId, created, enqueue: true };
  });
  if (started.enqueue) await (await runnerForRuns()).enqueue(AGUI_RUN_JOB, { taskId: started.taskId }, { id: started.taskId });
  return { taskId: started.taskId, threadId: started.threadId, runId: started.runId, created: started.created };
}

/**
 * Appends the messages the thread does not have yet, in order. A tool message must answer a call
 * the thread (or this request) made; with `pending` (a resume) it must answer one of those calls.
 */
async function addMessages(tx: DbTx, threadId: string, incoming: NonNullable<ReturnType<typeof storableOf>>[], pending: string[] | null) {
  if (!incoming.length) {
    if (pending) throw invalid("messages", "A resume carries the tool messages with the results");
    return [];
  }
  const known = await tx.aguiMessage.findMany({ where: { threadId, messageId: { in: incoming.map((m) => m.messageId) } }, select: { messageId: true } });
  const have = new Set(known.map((m) => m.messageId));
  const fresh = incoming.filter((m, i) => !have.has(m.messageId) && incoming.findIndex((o) => o.messageId === m.messageId) === i);
  const tools = fresh.filter((m) => m.role === "tool");
  if (pending && !tools.length) throw invalid("messages", "A resume carries at least one new tool message with a result");
  if (tools.length) {
    const calls = new Set<string>(pending ?? []);
    if (!pending) {
      const stored = await tx.aguiMessage.findMany({ where: { threadId, role: "assistant" }, select: { toolCalls: true } });
      for (const row of stored) for (const call of (row.toolCalls as { id: string }[] | null) ?? []) calls.add(call.id);
      for (const m of fresh) for (const call of m.toolCalls ?? []) calls.add(call.id);
    }
    const stray = tools.find((m) => !calls.has(m.toolCallId!));
    if (stray) {
      const index = incoming.indexOf(stray);
      throw invalid(`messages.${index}.toolCallId`, pending ? "This tool message answers no call the run is waiting for" : "This tool message answers no tool call of the thread");
    }
  }
  if (!fresh.length) return [];
  const last = await tx.aguiMessage.findFirst({ where: { threadId }, orderBy: { position: "desc" }, select: { position: true } });
  const base = (last?.position ?? -1) + 1;
  await tx.aguiMessage.createMany({
    data: fresh.map((m, i) => ({
      threadId,
      messageId: m.messageId,
      position: base + i,
      role: m.role,
      content: m.content,
      ...(m.toolCalls ? { toolCalls: m.toolCalls as unknown as Prisma.InputJsonArray } : {}),
      ...(m.toolCallId ? { toolCallId: m.toolCallId } : {}),
    })),
  });
  return fresh;
}
