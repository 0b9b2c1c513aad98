import "server-only";
import type { AuthedContext } from "@/server/context";
import type { AgentRow } from "@/features/agents/service/dto";
import { toolSet } from "@/features/agents/tools";
import type { RunModel } from "./model";
import type { TurnEvents } from "./turn";
import { runTurn } from "./turn";

export interface StepInput {
  agent: AgentRow;
  runModel: RunModel;
  sessionId: string;
  /** The message the step's prompt is stored under (the previous step's answer). */
  parentId: string | null;
  prompt: string;
}

export interface StepOutcome {
  messageId: string;
  content: string;
  usage: { input_tokens: number; output_tokens: number };
  status: "complete" | "error" | "aborted";
  error?: string;
}

/**
 * One agent answering one prompt inside a multi-agent run: the agent's system prompt, model and
 * tools, its iteration limit, every model call metered to the ledger (with the agent and the run's
 * session). The prompt and the answer are stored as a user/assistant pair below `parentId`.
 * Resolves (never rejects) once the answer is stored.
 */
export async function runAgentStep(ctx: AuthedContext, input: StepInput, events: TurnEvents, signal: AbortSignal): Promise<StepOutcome> {
  const { db, viewer } = ctx;
  const { agent } = input;
  const prompt = await db.chatMessage.create({ data: { sessionId: input.sessionId, parentId: input.parentId, role: "user", content: input.prompt } });
  const turn = await runTurn(
    {
      db,
      userId: viewer.userId,
      agentId: agent.id,
      sessionId: input.sessionId,
      userMessageId: prompt.id,
      runModel: input.runModel,
      instructions: agent.systemPrompt,
      messages: [{ role: "user", content: input.prompt }],
      // A multi-agent step cannot wait for a person: tools that need approval are not offered here.
      tools: toolSet({ db, userId: viewer.userId }, agent.includeTools.filter((name) => !agent.approvalTools.includes(name))),
      limit: agent.iterationLimit,
      logLabel: "orchestrate",
    },
    events,
    signal,
  );
  // No tool that waits for approval is offered here, so a step never answers "waiting".
  const status = turn.status === "waiting" ? "error" : turn.status;
  return { messageId: turn.messageId, content: turn.content, usage: turn.usage, status, ...(turn.error ? { error: turn.error } : {}) };
}
