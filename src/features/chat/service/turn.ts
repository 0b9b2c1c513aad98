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
  status: "complete" | "error" | "aborted";
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
  let content = "";
  let needsBreak = false;
  const calls: ToolCallRecord[] = [];
  const results: TurnOutcome["results"] = [];
  let usage = { input_tokens: 0, output_tokens: 0 };
  let finishReason = "stop";
  let lastStepReason: string | undefined;
  let steps = 0;
  let failure: unknown;
  let aborted = false;
  // The sum of this turn's ledger rows: the metering stores each row before its stream reports the end.
  let cost = 0;

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
      tools: input.tools,
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
  if (!aborted && !failure && lastStepReason === "tool-calls" && steps >= input.limit) finishReason = "iteration_limit";

  const status = aborted ? "aborted" : failure !== undefined ? "error" : "complete";
  let error: string | undefined;
  if (status === "error") {
    const described = describeModelError(failure);
    if (!described.known) console.error(`[${input.logLabel}] session ${input.sessionId}: the model run failed`, failure);
    error = described.message;
  }

  const messageId = randomUUID();
  const outcomeReason = status === "complete" ? finishReason : status;
  try {
    await db.$transaction(async (tx) => {
      await tx.chatMessage.create({
        data: {
          id: messageId,
          sessionId: input.sessionId,
          parentId: input.userMessageId,
          role: "assistant",
          content,
          toolCalls: calls.length ? (calls as unknown as Prisma.InputJsonArray) : undefined,
          toolResults: results.length ? (results as unknown as Prisma.InputJsonArray) : undefined,
          provider: runModel.spec?.provider ?? "builtin",
          model: runModel.spec?.modelName ?? "atrium-echo-1",
          inputTokens: usage.input_tokens,
          outputTokens: usage.output_tokens,
          costMicros: cost,
          status,
          finishReason: outcomeReason,
        },
      });
      await tx.chatSession.update({ where: { id: input.sessionId }, data: { headMessageId: messageId } });
    });
  } catch (storeError) {
    console.error(`[${input.logLabel}] session ${input.sessionId}: could not store the reply`, storeError);
  }
  return { messageId, content, calls, results, usage, costMicros: cost, finishReason: outcomeReason, status, ...(error ? { error } : {}) };
}
