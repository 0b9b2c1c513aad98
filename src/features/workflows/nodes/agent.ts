import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import { AppError } from "@/server/errors";
import { ownAgent } from "@/features/agents/service/access";
import { toolSet } from "@/features/agents/tools";
import { runModelFor } from "@/features/chat/service/model";
import { runTurn } from "@/features/chat/service/turn";
import { renderTemplate } from "../engine/expressions";
import { NodeError, type NodeExecutor } from "./types";

/**
 * agent: one turn of an Atrium agent (the owner's, or one shared with them at `use`), through the
 * same turn as chat: the agent's instructions, model, tools and iteration limit, every model call
 * metered. The prompt and the answer are kept in a chat session of their own, as multi-agent runs
 * keep theirs, so the run's conversation can be read later. Tools that need a person's approval are
 * not offered: a workflow has its own approval node for that.
 */
export const agentNode: NodeExecutor<"agent"> = async (config, ctx) => {
  const { db, userId } = ctx;
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (!user) throw new NodeError("The workflow's owner no longer exists", false);
  const viewer: Viewer = { userId, role: user.role === "admin" ? "admin" : "user", via: "session" };

  let agent;
  let runModel;
  try {
    agent = await ownAgent(db, viewer, config.agent_id, "use");
    runModel = await runModelFor(db, userId, agent);
  } catch (error) {
    if (error instanceof AppError) throw new NodeError(error.detail, false);
    throw error;
  }
  const message = await renderTemplate(config.message, ctx.scope);
  if (!message.trim()) throw new NodeError("The message rendered to nothing", false);

  const session = await db.chatSession.create({ data: { userId, agentId: null, title: `Workflow step: ${agent.name}`.slice(0, 200) } });
  const prompt = await db.chatMessage.create({ data: { sessionId: session.id, parentId: null, role: "user", content: message } });
  const turn = await runTurn(
    {
      db,
      userId,
      agentId: agent.id,
      sessionId: session.id,
      userMessageId: prompt.id,
      runModel,
      instructions: agent.systemPrompt,
      messages: [{ role: "user", content: message }],
      tools: toolSet({ db, userId }, agent.includeTools.filter((name) => !agent.approvalTools.includes(name))),
      limit: agent.iterationLimit,
      quiet: true,
      logLabel: "workflow-agent",
    },
    { token: () => {}, toolCall: () => {}, toolResult: () => {} },
    ctx.signal,
  );
  if (turn.status === "aborted") throw Object.assign(new Error("The agent step was cancelled"), { name: "AbortError" });
  if (turn.status !== "complete") throw new NodeError(turn.error ?? "The agent could not answer", true);
  const results = new Map(turn.results.map((r) => [r.id, r.result]));
  return {
    output: {
      text: turn.content,
      usage: turn.usage,
      tool_calls: turn.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments, result: results.get(c.id) ?? null })),
      session_id: session.id,
      finish_reason: turn.finishReason,
    },
  };
};
