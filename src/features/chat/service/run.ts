import "server-only";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import { ownAgent } from "@/features/agents/service/access";
import type { AgentRow } from "@/features/agents/service/dto";
import { TOOL_NAMES, toolSet } from "@/features/agents/tools";
import type { ChatReply, ChatRequest } from "../schemas";
import { chainTo, toModelMessages } from "./history";
import { runModelFor, type RunModel } from "./model";
import { runTurn, type TurnEvents } from "./turn";

/** How many earlier messages of the branch the model sees. */
const HISTORY_LIMIT = 40;
/** Bare chat (no agent) has no iteration limit of its own. */
const BARE_ITERATION_LIMIT = 10;

export type ChatEvents = TurnEvents;

export interface ChatOutcome extends ChatReply {
  status: "complete" | "error" | "aborted";
  /** Set when status is "error": a sentence for the person, never a stack. */
  error?: string;
}

export interface PreparedChat {
  sessionId: string;
  /** Runs the agent loop; resolves (never rejects) once the reply is stored. */
  run(events: ChatEvents, signal: AbortSignal): Promise<ChatOutcome>;
}

/**
 * Everything that can fail as a client error happens here, before any streaming starts: the agent
 * (yours, else 404), the model (a provider without a config is a 400), the session (yours and of
 * this agent, else 404). The user's message is stored as a child of the session's latest message.
 */
export async function prepareChat(ctx: AuthedContext, agentId: string | null, input: ChatRequest): Promise<PreparedChat> {
  const { db, viewer } = ctx;
  const agent: AgentRow | null = agentId ? await ownAgent(db, viewer, agentId) : null;
  const runModel = await runModelFor(db, viewer.userId, agent);

  const existing = input.session_id
    ? await db.chatSession.findFirst({ where: { id: input.session_id, userId: viewer.userId, agentId: agent?.id ?? null } })
    : null;
  if (input.session_id && !existing) throw notFound("Chat session");
  const session =
    existing ?? (await db.chatSession.create({ data: { userId: viewer.userId, agentId: agent?.id ?? null, title: titleOf(input.message) } }));

  const history = session.headMessageId ? await chainTo(db, session.headMessageId, HISTORY_LIMIT) : [];
  const userMessage = await db.$transaction(async (tx) => {
    const created = await tx.chatMessage.create({ data: { sessionId: session.id, parentId: session.headMessageId, role: "user", content: input.message } });
    await tx.chatSession.update({ where: { id: session.id }, data: { headMessageId: created.id } });
    return created;
  });

  return {
    sessionId: session.id,
    run: (events, signal) =>
      runLoop(ctx, { agent, runModel, sessionId: session.id, userMessageId: userMessage.id, history: toModelMessages(history), input }, events, signal),
  };
}

interface LoopInput {
  agent: AgentRow | null;
  runModel: RunModel;
  sessionId: string;
  userMessageId: string;
  history: ReturnType<typeof toModelMessages>;
  input: ChatRequest;
}

async function runLoop(ctx: AuthedContext, loop: LoopInput, events: ChatEvents, signal: AbortSignal): Promise<ChatOutcome> {
  const { db, viewer } = ctx;
  const { agent, input } = loop;
  const turn = await runTurn(
    {
      db,
      userId: viewer.userId,
      agentId: agent?.id ?? null,
      sessionId: loop.sessionId,
      userMessageId: loop.userMessageId,
      runModel: loop.runModel,
      instructions: agent?.systemPrompt,
      messages: [...loop.history, { role: "user", content: input.message }],
      tools: toolSet({ db, userId: viewer.userId }, agent ? agent.includeTools : TOOL_NAMES),
      limit: agent?.iterationLimit ?? BARE_ITERATION_LIMIT,
      quiet: input.streamlined,
      logLabel: "chat",
    },
    events,
    signal,
  );
  const resultsById = new Map(turn.results.map((r) => [r.id, r.result]));
  return {
    session_id: loop.sessionId,
    message_id: turn.messageId,
    content: turn.content,
    tool_calls: input.streamlined ? [] : turn.calls.map((c) => ({ ...c, result: resultsById.get(c.id) })),
    token_usage: turn.usage,
    cost_micros: turn.costMicros,
    finish_reason: turn.finishReason,
    status: turn.status,
    ...(turn.error ? { error: turn.error } : {}),
  };
}

function titleOf(message: string) {
  const line = message.split("\n")[0].trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
