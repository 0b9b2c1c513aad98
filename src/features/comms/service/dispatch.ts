import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { queueMessage } from "@/features/agent-gateway/service/deliveries";
import { onlineWhere } from "@/features/agent-gateway/service/registry";
import { enqueueDelivery } from "@/features/agent-gateway/service/runner";
import type { TaskBody } from "../schemas";
import { recordEvent } from "./events";
import { sendToAtriumAgent } from "./send";

interface Candidate {
  kind: "gateway" | "agent";
  id: string;
  name: string;
  /** Lower-cased words it is matched on: a gateway agent's capabilities; an Atrium agent's tool names and description. */
  skills: Set<string>;
  recency: number;
  isMain: boolean;
}

/** Words too common to say what an agent is for. */
const STOP_WORDS = new Set(["this", "that", "with", "from", "your", "have", "about", "into", "will", "what", "when", "please", "them", "they", "then", "than", "their", "there", "which", "would", "should", "could", "some", "more", "only", "also", "each", "agent", "answers", "questions"]);
const words = (text: string) => text.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length >= 4 && !STOP_WORDS.has(w));

/**
 * The dispatch rule (documented in the route):
 * 1. With `capability`: an online gateway agent listing it, else an Atrium agent of the caller with a
 *    tool of that name or the word in its name or description; none: 404.
 * 2. Without: the candidate whose skills share the most words with the task (gateway agents' capabilities,
 *    Atrium agents' tools and description); ties go to gateway agents, then the most recently active.
 * 3. No word matches: the caller's main agent, else 404.
 */
export function chooseAgent(candidates: Candidate[], task: string, capability?: string): { candidate: Candidate; reason: string } | null {
  const byRecency = (a: Candidate, b: Candidate) => (a.kind === b.kind ? b.recency - a.recency : a.kind === "gateway" ? -1 : 1);
  if (capability) {
    const wanted = capability.toLowerCase();
    const matching = candidates.filter((c) => c.skills.has(wanted) || (c.kind === "agent" && words(c.name).includes(wanted))).sort(byRecency);
    return matching[0] ? { candidate: matching[0], reason: `${matching[0].kind === "gateway" ? "lists the capability" : "has a tool or description matching"} "${capability}"` } : null;
  }
  const taskWords = new Set(words(task));
  const scored = candidates.map((c) => ({ c, score: [...c.skills].filter((s) => taskWords.has(s) || words(s).some((w) => taskWords.has(w))).length })).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || byRecency(a.c, b.c));
  if (scored[0]) return { candidate: scored[0].c, reason: `matches ${scored[0].score} word(s) of the task` };
  const main = candidates.find((c) => c.isMain);
  return main ? { candidate: main, reason: "no agent matched the task's words: your main agent takes it" } : null;
}

async function candidatesOf(db: Db, userId: string): Promise<Candidate[]> {
  const [gateway, agents] = await Promise.all([
    db.gatewayAgent.findMany({ where: onlineWhere(userId), select: { agentId: true, agentName: true, capabilities: true, lastHeartbeatAt: true }, take: 500 }),
    db.agent.findMany({ where: { ownerId: userId, status: { not: "stopped" } }, select: { id: true, name: true, description: true, includeTools: true, updatedAt: true, isMain: true }, orderBy: { updatedAt: "desc" }, take: 200 }),
  ]);
  return [
    ...gateway.map((g) => ({ kind: "gateway" as const, id: g.agentId, name: g.agentName, skills: new Set(g.capabilities.map((c) => c.toLowerCase())), recency: g.lastHeartbeatAt.getTime(), isMain: false })),
    ...agents.map((a) => ({ kind: "agent" as const, id: a.id, name: a.name, skills: new Set([...a.includeTools.map((t) => t.toLowerCase()), ...words(a.description)]), recency: a.updatedAt.getTime(), isMain: a.isMain })),
  ];
}

/** POST /api/comms/task: picks the agent, hands the task over (a gateway push job, or an Atrium agent's reply job) and says where it went. */
export async function dispatchTask(db: Db, viewer: Viewer, body: TaskBody) {
  const chosen = chooseAgent(await candidatesOf(db, viewer.userId), body.task, body.capability);
  if (!chosen) throw new AppError("NOT_FOUND", body.capability ? `No agent offers the capability "${body.capability}"` : "No agent to take the task: register a gateway agent or create an Atrium agent");
  const { candidate, reason } = chosen;
  const to = `${candidate.kind}:${candidate.id}`;
  const data = { reason, ...(body.capability ? { capability: body.capability } : {}) };
  const sent =
    candidate.kind === "gateway"
      ? await queueMessage(db, viewer.userId, { from_agent_id: body.from, to_agent_id: candidate.id, content: [{ type: "text", text: body.task }], metadata: { task: true, ...data } }, enqueueDelivery)
      : await sendToAtriumAgent(db, viewer, candidate.id, body.task, body.from, { task: true });
  await recordEvent(db, viewer.userId, { type: "task.dispatched", from: body.from, to, messageId: sent.message_id, content: body.task, data });
  return { message_id: sent.message_id, dispatched_to: to, agent_name: candidate.name, reason, status: "queued" as const };
}
