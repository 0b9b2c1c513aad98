import "server-only";
import { randomUUID } from "node:crypto";
import { stepCountIs, streamText, type ModelMessage, type ToolSet } from "ai";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db/client";
import { describeModelError } from "@/server/llm";
import { meteredModel } from "@/features/models/service/usage";
import type { ToolCallRecord } from "../schemas";
import type { RunModel } from "./model";

export interface TurnEvents {
  token(content: string): void;
  toolCall(call: { id: string; name: string; arguments: unknown }): void;
  toolResult(result: { id: string; name: string; result: unknown }): void;
}

export interface TurnInput {
  db: Db;
  userId: string;
  agentId: string | null;
  sessionId: string;
  /** The stored user message this turn answers; the reply becomes its child and the session's head. */
  userMessageId: string;
  runModel: RunModel;
  instructions?: string | null;
  messages: ModelMessage[];
  tools: ToolSet;
  /** Model calls at most (the agent's iteration limit). */
  limit: number;
  /** Leave tool events out of the stream (004's `streamlined`). */
  quiet?: boolean;
  /** Prefix of the log line when an unexpected failure is logged. */
  logLabel: string;
  /** Tools whose calls wait for the owner's approval: the turn stops there and answers `waiting`. */
  approvalTools?: readonly string[];
  /** What the turn had produced before it waited for an approval (a resumed turn goes on from it). */
  carried?: CarriedTurn;
  /** Resolves once the session and the user's message are stored (a write-behind run): the reply waits for it. */
  stored?: Promise<unknown>;
}

/** The part of a reply produced before the turn waited, carried into the resumed turn. */
export interface CarriedTurn {
  content: string;
  calls: ToolCallRecord[];
  results: { id: string; name: string; result: unknown }[];
  usage: { input_tokens: number; output_tokens: number };
  costMicros: number;
  /** Model calls already made (they count against the iteration limit). */
  steps: number;
}

/** A tool call that waits for approval. */
export interface PendingCall {
  id: string;
  name: string;
  arguments: unknown;
}

export interface TurnOutcome {
  messageId: string;
  content: string;
  calls: ToolCallRecord[];
  results: { id: string; name: string; result: unknown }[];
  usage: { input_tokens: number; output_tokens: number };
  /** What the reply cost in micro-dollars (0 for the built-in model). */
  costMicros: number;
  /** The model's finish reason, "iteration_limit", or the status when the turn did not complete. */
  finishReason: string;
  /** `waiting`: the model called a tool that needs approval; nothing is stored yet (see `pending`). */
  status: "complete" | "error" | "aborted" | "waiting";
  /** Set when waiting: the calls that need approval (the first is asked for), ... */
  pending?: PendingCall[];
  /** ...the messages this turn added to the conversation so far (the model's tool calls and the results of the others)... */
  newMessages?: ModelMessage[];
  /** ...and what the reply holds so far. */
  carried?: CarriedTurn;
  /** Set when status is "error": a sentence for the person, never a stack. */
  error?: string;
}

/**
 * One agent turn, shared by chat and multi-agent runs: the model loop with tools until the model
 * stops or the limit is reached (every call metered), events as they happen, the abort signal
 * passed to the provider, then the reply stored. Resolves (never rejects) once it is stored.
 */
export async function runTurn(input: TurnInput, events: TurnEvents, signal: AbortSignal): Promise<TurnOutcome> {
  const { db, runModel, quiet } = input;
  const carried = input.carried;
  let content = carried?.content ?? "";
  let needsBreak = content !== "";
  const calls: ToolCallRecord[] = [...(carried?.calls ?? [])];
  const results: TurnOutcome["results"] = [...(carried?.results ?? [])];
  const pending: PendingCall[] = [];
  let newMessages: ModelMessage[] = [];
  let usage = carried?.usage ?? { input_tokens: 0, output_tokens: 0 };
  let finishReason = "stop";
  let lastStepReason: string | undefined;
  let steps = 0;
  let failure: unknown;
  let aborted = false;
  // The sum of this turn's ledger rows: the metering stores each row before its stream reports the end.
  let cost = carried?.costMicros ?? 0;

  try {
    const result = streamText({
      model: meteredModel(
        db,
        runModel.spec,
        { userId: input.userId, agentId: input.agentId, sessionId: input.sessionId, purpose: "chat" },
        { onRecorded: (micros) => (cost += micros) },
      ),
      ...(input.instructions ? { instructions: input.instructions } : {}),
      messages: input.messages,
      tools: withApproval(input.tools, input.approvalTools ?? []),
      stopWhen: stepCountIs(input.limit),
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
        case "tool-approval-request":
          pending.push({ id: part.toolCall.toolCallId, name: part.toolCall.toolName, arguments: part.toolCall.input });
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
    if (pending.length && !failure && !signal.aborted) newMessages = continuationOf((await result.response).messages);
  } catch (error) {
    if (signal.aborted) aborted = true;
    else failure = error;
  }
  if (signal.aborted) aborted = true;
  if (!aborted && !failure && lastStepReason === "tool-calls" && steps >= input.limit) finishReason = "iteration_limit";

  const status = aborted ? "aborted" : failure !== undefined ? "error" : "complete";
  const totalSteps = (carried?.steps ?? 0) + steps;
  if (status === "complete" && pending.length) {
    const soFar: CarriedTurn = { content, calls, results, usage, costMicros: cost, steps: totalSteps };
    return { messageId: "", content, calls, results, usage, costMicros: cost, finishReason: "approval_required", status: "waiting", pending, newMessages, carried: soFar };
  }
  let error: string | undefined;
  if (status === "error") {
    const described = describeModelError(failure);
    if (!described.known) console.error(`[${input.logLabel}] session ${input.sessionId}: the model run failed`, failure);
    error = described.message;
  }

  const messageId = randomUUID();
  const outcomeReason = status === "complete" ? finishReason : status;
  await storeReply(input, { id: messageId, content, calls, results, usage, costMicros: cost, status, finishReason: outcomeReason });
  return { messageId, content, calls, results, usage, costMicros: cost, finishReason: outcomeReason, status, ...(error ? { error } : {}) };
}

/** Stores a turn's reply as the child of its user message and makes it the session's head. Logs, never throws. */
export async function storeReply(
  input: Pick<TurnInput, "db" | "sessionId" | "userMessageId" | "runModel" | "logLabel" | "stored">,
  reply: { id: string; content: string; calls: ToolCallRecord[]; results: TurnOutcome["results"]; usage: TurnOutcome["usage"]; costMicros: number; status: string; finishReason: string },
) {
  const { db, runModel } = input;
  try {
    await input.stored;
    await db.$transaction(async (tx) => {
      await tx.chatMessage.create({
        data: {
          id: reply.id,
          sessionId: input.sessionId,
          parentId: input.userMessageId,
          role: "assistant",
          content: reply.content,
          toolCalls: reply.calls.length ? (reply.calls as unknown as Prisma.InputJsonArray) : undefined,
          toolResults: reply.results.length ? (reply.results as unknown as Prisma.InputJsonArray) : undefined,
          provider: runModel.spec?.provider ?? "builtin",
          model: runModel.spec?.modelName ?? "atrium-echo-1",
          inputTokens: reply.usage.input_tokens,
          outputTokens: reply.usage.output_tokens,
          costMicros: reply.costMicros,
          status: reply.status,
          finishReason: reply.finishReason,
        },
      });
      await tx.chatSession.update({ where: { id: input.sessionId }, data: { headMessageId: reply.id } });
    });
  } catch (storeError) {
    console.error(`[${input.logLabel}] session ${input.sessionId}: could not store the reply`, storeError);
  }
}

/** The tool set with `needsApproval` on the named tools: the SDK stops the loop at their calls instead of running them. */
function withApproval(tools: ToolSet, names: readonly string[]): ToolSet {
  if (!names.length) return tools;
  return Object.fromEntries(Object.entries(tools).map(([name, t]) => [name, names.includes(name) ? { ...t, needsApproval: true } : t]));
}

/**
 * The messages a waiting turn added (the model's text and tool calls, the results of tools that ran),
 * without the SDK's approval parts: a resumed turn adds the approved tool's result itself.
 */
function continuationOf(messages: ModelMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const m of messages) {
    if (m.role !== "assistant" && m.role !== "tool") continue;
    if (typeof m.content === "string") {
      out.push(m);
      continue;
    }
    const content = (m.content as { type: string }[]).filter((p) => !p.type.startsWith("tool-approval"));
    if (content.length) out.push({ ...m, content } as ModelMessage);
  }
  return JSON.parse(JSON.stringify(out)) as ModelMessage[];
}
