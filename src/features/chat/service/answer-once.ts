import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { ownAgent } from "@/features/agents/service/access";
import { toolSet } from "@/features/agents/tools";
import { runModelFor } from "./model";
import { runTurn, type TurnEvents, type TurnOutcome } from "./turn";

export interface AnswerOnceInput {
  db: Db;
  /** Who asks: the agent must be theirs or shared with them at `use`. */
  viewer: Viewer;
  agentId: string;
  message: string;
  /** The chat session that keeps the exchange is titled `<titlePrefix>: <agent name>` ("Workflow step"). */
  titlePrefix: string;
  /** Prefix of the log line when an unexpected failure is logged. */
  logLabel: string;
  events?: Partial<TurnEvents>;
}

export interface AnswerOnce {
  agent: { id: string; name: string };
  sessionId: string;
  turn: TurnOutcome;
}

/**
 * One Atrium agent answers one message, outside a chat window: a workflow's agent node, an agentmesh
 * task, an MCP or A2A call. The same turn as chat (the agent's instructions, model, tools, iteration
 * limit; every model call metered), kept in a chat session of its own so it can be read later. Tools
 * that wait for a person's approval are not offered: there is nobody in this exchange to ask.
 * Access errors (AppError: 404, 403) are thrown before anything is stored; the turn itself resolves.
 */
export async function answerOnce(input: AnswerOnceInput, signal: AbortSignal): Promise<AnswerOnce> {
  const { db, viewer, message } = input;
  const agent = await ownAgent(db, viewer, input.agentId, "use");
  const runModel = await runModelFor(db, viewer.userId, agent);
  const session = await db.chatSession.create({ data: { userId: viewer.userId, agentId: null, title: `${input.titlePrefix}: ${agent.name}`.slice(0, 200) } });
  const prompt = await db.chatMessage.create({ data: { sessionId: session.id, parentId: null, role: "user", content: message } });
  const turn = await runTurn(
    {
      db,
      userId: viewer.userId,
      agentId: agent.id,
      sessionId: session.id,
      userMessageId: prompt.id,
      runModel,
      instructions: agent.systemPrompt,
      messages: [{ role: "user", content: message }],
      tools: toolSet({ db, userId: viewer.userId }, agent.includeTools.filter((name) => !agent.approvalTools.includes(name))),
      limit: agent.iterationLimit,
      quiet: !input.events,
      logLabel: input.logLabel,
    },
    { token: () => {}, toolCall: () => {}, toolResult: () => {}, ...input.events },
    signal,
  );
  return { agent: { id: agent.id, name: agent.name }, sessionId: session.id, turn };
}
