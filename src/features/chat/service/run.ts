import "server-only";
import { randomUUID } from "node:crypto";
import { stepCountIs, streamText, type ToolSet } from "ai";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { notFound } from "@/server/errors";
import { describeModelError } from "@/server/llm";
import { ownAgent } from "@/features/agents/service/access";
import type { AgentRow } from "@/features/agents/service/dto";
import { TOOL_NAMES, toolSet } from "@/features/agents/tools";
import { meteredModel } from "@/features/models/service/usage";
import type { ChatReply, ChatRequest, ToolCallRecord } from "../schemas";
import { chainTo, toModelMessages } from "./history";
import { runModelFor, type RunModel } from "./model";

/** How many earlier messages of the branch the model sees. */
const HISTORY_LIMIT = 40;
/** Bare chat (no agent) has no iteration limit of its own. */
const BARE_ITERATION_LIMIT = 10;

export interface ChatEvents {
  token(content: string): void;
  toolCall(call: { id: string; name: string; arguments: unknown }): void;
  toolResult(result: { id: string; name: string; result: unknown }): void;
}

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
  const { agent, runModel, input } = loop;
  const limit = agent?.iterationLimit ?? BARE_ITERATION_LIMIT;
  const tools: ToolSet = toolSet({ db, userId: viewer.userId }, agent ? agent.includeTools : TOOL_NAMES);
  const quiet = input.streamlined;

  let content = "";
  let needsBreak = false;
  const calls: ToolCallRecord[] = [];
  const results: { id: string; name: string; result: unknown }[] = [];
  let usage = { input_tokens: 0, output_tokens: 0 };
  let finishReason = "stop";
  let lastStepReason: string | undefined;
  let steps = 0;
  let failure: unknown;
  let aborted = false;

  try {
    const model = meteredModel(db, runModel.spec, { userId: viewer.userId, agentId: agent?.id ?? null, sessionId: loop.sessionId, purpose: "chat" });
    const result = streamText({
      model,
      ...(agent?.systemPrompt ? { instructions: agent.systemPrompt } : {}),
      messages: [...loop.history, { role: "user", content: input.message }],
      tools,
      stopWhen: stepCountIs(limit),
      abortSignal: signal,
      maxRetries: 1,
      ...(runModel.temperature !== null ? { temperature: runModel.temperature } : {}),
      ...(runModel.maxTokens !== null ? { maxOutputTokens: runModel.maxTokens } : {}),
      // Errors arrive as `error` parts below; this only stops the SDK from logging them itself.
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      switch (part.type) {
        case "text-delta": {
          if (!part.text) break;
          const text = needsBreak ? `\n\n${part.text}` : part.text;
          needsBreak = false;
          content += text;
          events.token(text);
          break;
        }
        case "tool-call":
          calls.push({ id: part.toolCallId, name: part.toolName, arguments: part.input });
          if (!quiet) events.toolCall({ id: part.toolCallId, name: part.toolName, arguments: part.input });
          break;
        case "tool-result":
          results.push({ id: part.toolCallId, name: part.toolName, result: part.output });
          if (!quiet) events.toolResult({ id: part.toolCallId, name: part.toolName, result: part.output });
          break;
        case "tool-error": {
          const result = { error: part.error instanceof Error ? part.error.message : String(part.error) };
          results.push({ id: part.toolCallId, name: part.toolName, result });
          if (!quiet) events.toolResult({ id: part.toolCallId, name: part.toolName, result });
          break;
        }
        case "finish-step":
          steps++;
          lastStepReason = part.finishReason;
          usage = { input_tokens: usage.input_tokens + (part.usage.inputTokens ?? 0), output_tokens: usage.output_tokens + (part.usage.outputTokens ?? 0) };
          if (content) needsBreak = true;
          break;
        case "finish":
          finishReason = part.finishReason;
          break;
        case "error":
          failure ??= part.error;
          break;
        case "abort":
          aborted = true;
          break;
      }
    }
  } catch (error) {
    if (signal.aborted) aborted = true;
    else failure = error;
  }
  if (signal.aborted) aborted = true;
  if (!aborted && !failure && lastStepReason === "tool-calls" && steps >= limit) finishReason = "iteration_limit";

  const status = aborted ? "aborted" : failure !== undefined ? "error" : "complete";
  let errorMessage: string | undefined;
  if (status === "error") {
    const described = describeModelError(failure);
    if (!described.known) console.error(`[chat] session ${loop.sessionId}: the model run failed`, failure);
    errorMessage = described.message;
  }

  const messageId = randomUUID();
  try {
    await db.$transaction(async (tx) => {
      await tx.chatMessage.create({
        data: {
          id: messageId,
          sessionId: loop.sessionId,
          parentId: loop.userMessageId,
          role: "assistant",
          content,
          toolCalls: calls.length ? (calls as unknown as Prisma.InputJsonArray) : undefined,
          toolResults: results.length ? (results as unknown as Prisma.InputJsonArray) : undefined,
          provider: runModel.spec?.provider ?? "builtin",
          model: runModel.spec?.modelName ?? "atrium-echo-1",
          inputTokens: usage.input_tokens,
          outputTokens: usage.output_tokens,
          status,
          finishReason: status === "complete" ? finishReason : status,
        },
      });
      await tx.chatSession.update({ where: { id: loop.sessionId }, data: { headMessageId: messageId } });
    });
  } catch (error) {
    console.error(`[chat] session ${loop.sessionId}: could not store the reply`, error);
  }

  const resultsById = new Map(results.map((r) => [r.id, r.result]));
  return {
    session_id: loop.sessionId,
    message_id: messageId,
    content,
    tool_calls: quiet ? [] : calls.map((c) => ({ ...c, result: resultsById.get(c.id) })),
    token_usage: usage,
    finish_reason: status === "complete" ? finishReason : status,
    status,
    ...(errorMessage ? { error: errorMessage } : {}),
  };
}

function titleOf(message: string) {
  const line = message.split("\n")[0].trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
