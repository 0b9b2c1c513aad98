import "server-only";
import { randomUUID } from "node:crypto";
import { ownSession } from "./access";
import { phase } from "@/server/perf/phases";
import type { ModelMessage } from "ai";
import type { AuthedContext } from "@/server/context";
import { requirePermission } from "@/features/permissions/service/check";
import type { AgentRow } from "@/features/agents/service/dto";
import { TOOL_NAMES, toolSet } from "@/features/agents/tools";
import type { ChatReply, ChatRequest, sseEvents } from "../schemas";
import type { TypedEmit } from "../runs/events";
import type { KindOutcome } from "../runs/kinds";
import { startRun, type RunContext, type RunHandle } from "../runs/start";
import type { StoredInput } from "../runs/store";
import { chainTo, toModelMessages } from "./history";
import { chatModelFor, type RunModel } from "./model";
import { decisionOf } from "@/features/approvals/service/approvals";
import type { PausedTurn } from "../runs/waiting";
import { runTurn, storeReply, type TurnEvents } from "./turn";

/** How many earlier messages of the branch the model sees. */
const HISTORY_LIMIT = 40;
/** Bare chat (no agent) has no iteration limit of its own. */
const BARE_ITERATION_LIMIT = 10;

export type ChatEvents = TurnEvents;

/** What a chat run needs, loaded while preparing (or again from the stored input in another process). */
export interface PreparedChat {
  agent: AgentRow | null;
  runModel: RunModel;
  userMessageId: string;
  history: ModelMessage[];
  message: string;
  streamlined: boolean;
  /** Set when the run waited for an approval and now goes on. */
  paused?: PausedTurn;
}

/** The stored input of a chat run. */
interface ChatInput extends StoredInput {
  agentId: string | null;
  userMessageId: string;
  message: string;
  streamlined: boolean;
  paused?: PausedTurn;
}

/**
 * Starts a chat reply as a run. Everything that can fail as a client error happens here, before
 * any event: the agent (yours, else 404), the model (a provider without a config is a 400), the
 * session (yours and of this agent, else 404). The user's message becomes a child of the session's
 * latest message; it (and a new session) is stored with the run, which on the embedded database
 * happens after the model call has started (see startRun), so the first token waits for no write.
 */
export async function startChat(ctx: AuthedContext, agentId: string | null, input: ChatRequest): Promise<RunHandle> {
  const { db, viewer } = ctx;
  await requirePermission(db, viewer, "chat:use");
  const { agent, runModel } = await chatModelFor(db, viewer, agentId);
  phase("loaded");

  const existing = input.session_id ? await ownSession(db, viewer.userId, input.session_id, agent?.id ?? null) : null;
  const history = existing?.headMessageId ? await chainTo(db, existing.headMessageId, HISTORY_LIMIT) : [];
  const sessionId = existing?.id ?? randomUUID();
  const parentId = existing?.headMessageId ?? null;
  const userMessageId = randomUUID();

  const prepared: PreparedChat = { agent, runModel, userMessageId, history: toModelMessages(history), message: input.message, streamlined: input.streamlined };
  return startRun(ctx, {
    kind: "chat",
    sessionId,
    input: { agentId: agent?.id ?? null, userMessageId, message: input.message, streamlined: input.streamlined },
    continueOnDisconnect: input.continue_on_disconnect,
    prepared,
    store: async (tx) => {
      if (!existing) await tx.chatSession.create({ data: { id: sessionId, userId: viewer.userId, agentId: agent?.id ?? null, title: titleOf(input.message) } });
      await tx.chatMessage.create({ data: { id: userMessageId, sessionId, parentId, role: "user", content: input.message } });
      await tx.chatSession.update({ where: { id: sessionId }, data: { headMessageId: userMessageId } });
    },
  });
}

/** A chat run executed in another process (or after a restart): the same state, loaded from its stored input. */
export async function rebuildChat(ctx: AuthedContext, stored: StoredInput): Promise<PreparedChat> {
  const input = stored as ChatInput;
  const { agent, runModel } = await chatModelFor(ctx.db, ctx.viewer, input.agentId);
  const chain = await chainTo(ctx.db, input.userMessageId, HISTORY_LIMIT + 1);
  return {
    agent,
    runModel,
    userMessageId: input.userMessageId,
    history: toModelMessages(chain.slice(0, -1)),
    message: input.message,
    streamlined: input.streamlined,
    ...(input.paused ? { paused: input.paused } : {}),
  };
}

/**
 * The agent loop of a chat run: `token`, `tool_call`, `tool_result` events as they happen, then the
 * reply stored and the run's last event: `done` (the JSON answer is kept as the run's result) or
 * `error` (a model failure, or the run was cancelled).
 */
export async function executeChat(ctx: RunContext, sessionId: string, chat: PreparedChat, emit: TypedEmit<typeof sseEvents>, signal: AbortSignal): Promise<KindOutcome> {
  const { db, viewer } = ctx;
  const { agent } = chat;
  const tools = toolSet({ db, userId: viewer.userId }, agent ? agent.includeTools : TOOL_NAMES);
  const limit = agent?.iterationLimit ?? BARE_ITERATION_LIMIT;
  let continuation: ModelMessage[] = [];
  if (chat.paused) {
    const resumed = await resumeAfterDecision(ctx, sessionId, chat, chat.paused, tools, emit, signal);
    if ("outcome" in resumed) return resumed.outcome;
    continuation = resumed.continuation;
  }
  const turn = await runTurn(
    {
      db,
      userId: viewer.userId,
      agentId: agent?.id ?? null,
      sessionId,
      userMessageId: chat.userMessageId,
      runModel: chat.runModel,
      instructions: agent?.systemPrompt,
      messages: [...chat.history, { role: "user", content: chat.message }, ...continuation],
      tools,
      limit: Math.max(1, limit - (chat.paused?.carried.steps ?? 0)),
      quiet: chat.streamlined,
      logLabel: "chat",
      approvalTools: agent?.approvalTools ?? [],
      ...(chat.paused ? { carried: chat.paused.carried } : {}),
      stored: ctx.stored,
    },
    {
      token: (content) => emit("token", { content }),
      toolCall: (call) => emit("tool_call", call),
      toolResult: (result) => emit("tool_result", result),
    },
    signal,
  );
  if (turn.status === "waiting") {
    const call = turn.pending![0];
    return {
      status: "waiting",
      wait: {
        paused: { pending: turn.pending!, messages: [...continuation, ...turn.newMessages!], carried: turn.carried! },
        agentId: agent?.id ?? null,
        description: `${agent?.name ?? "Your assistant"} wants to call ${call.name}`,
      },
    };
  }
  if (turn.status === "aborted") return { status: "cancelled", error: "The run was cancelled", terminal: { type: "error", data: { message: "The run was cancelled" } } };
  if (turn.status === "error") {
    const message = turn.error ?? "The model call failed";
    return { status: "failed", error: message, terminal: { type: "error", data: { message } } };
  }
  const resultsById = new Map(turn.results.map((r) => [r.id, r.result]));
  const reply: ChatReply = {
    session_id: sessionId,
    message_id: turn.messageId,
    content: turn.content,
    tool_calls: chat.streamlined ? [] : turn.calls.map((c) => ({ ...c, result: resultsById.get(c.id) })),
    token_usage: turn.usage,
    cost_micros: turn.costMicros,
    finish_reason: turn.finishReason,
  };
  return succeeded(reply);
}

function succeeded(reply: ChatReply): KindOutcome {
  const { session_id, message_id, token_usage, cost_micros, finish_reason } = reply;
  return { status: "succeeded", result: reply, terminal: { type: "done", data: { session_id, message_id, token_usage, cost_micros, finish_reason } } };
}

/**
 * A run that waited for an approval, continued by the decision's job: approved, the tool runs now
 * (its `tool_result` goes out) and the model loop goes on with it; rejected or expired, the reply
 * is stored with a sentence saying so and the run ends. Other calls of the same step that needed
 * approval too are answered with an error the model reads.
 */
async function resumeAfterDecision(
  ctx: AuthedContext,
  sessionId: string,
  chat: PreparedChat,
  paused: PausedTurn,
  tools: ReturnType<typeof toolSet>,
  emit: TypedEmit<typeof sseEvents>,
  signal: AbortSignal,
): Promise<{ outcome: KindOutcome } | { continuation: ModelMessage[] }> {
  const { db } = ctx;
  const [call, ...others] = paused.pending;
  const decision = await decisionOf(db, paused.approvalId);
  const status = decision?.status ?? "expired";
  emit("approval_resolved", { approval_id: paused.approvalId, status, tool_call_id: call.id, tool: call.name });
  const carried = { ...paused.carried, results: [...paused.carried.results] };
  const skipped = others.map((o) => ({ id: o.id, name: o.name, result: { error: `Not run: ${o.name} needs approval too; call it again` } }));

  if (status !== "approved") {
    const sentence = status === "rejected" ? `The owner rejected the call to ${call.name}` : `The approval request for ${call.name} expired, so it was not called`;
    const text = carried.content ? `\n\n${sentence}.` : `${sentence}.`;
    emit("tool_result", { id: call.id, name: call.name, result: { error: sentence } });
    emit("token", { content: text });
    carried.results.push({ id: call.id, name: call.name, result: { error: sentence } }, ...skipped);
    const messageId = randomUUID();
    const finishReason = status === "rejected" ? "approval_rejected" : "approval_expired";
    await storeReply(
      { db, sessionId, userMessageId: chat.userMessageId, runModel: chat.runModel, logLabel: "chat" },
      { id: messageId, content: carried.content + text, calls: carried.calls, results: carried.results, usage: carried.usage, costMicros: carried.costMicros, status: "complete", finishReason },
    );
    const resultsById = new Map(carried.results.map((r) => [r.id, r.result]));
    return {
      outcome: succeeded({
        session_id: sessionId,
        message_id: messageId,
        content: carried.content + text,
        tool_calls: chat.streamlined ? [] : carried.calls.map((c) => ({ ...c, result: resultsById.get(c.id) })),
        token_usage: carried.usage,
        cost_micros: carried.costMicros,
        finish_reason: finishReason,
      }),
    };
  }

  const run = tools[call.name]?.execute;
  const result = run
    ? await run(call.arguments as never, { toolCallId: call.id, messages: [], abortSignal: signal, context: {} } as never)
    : { error: `The ${call.name} tool is no longer offered to this agent` };
  if (!chat.streamlined) emit("tool_result", { id: call.id, name: call.name, result });
  const answered = [{ id: call.id, name: call.name, result }, ...skipped];
  paused.carried.results.push(...answered);
  const toolMessage: ModelMessage = {
    role: "tool",
    content: answered.map((r) => ({ type: "tool-result" as const, toolCallId: r.id, toolName: r.name, output: { type: "json" as const, value: r.result as never } })),
  };
  return { continuation: [...paused.messages, toolMessage] };
}

function titleOf(message: string) {
  const line = message.split("\n")[0].trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
