import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { queueMessage } from "@/features/agent-gateway/service/deliveries";
import { onlineWhere } from "@/features/agent-gateway/service/registry";
import { enqueueDelivery } from "@/features/agent-gateway/service/runner";
import type { TaskBody } from "../schemas";
import { chooseAgent, type Candidate, words } from "./choose";
import { recordEvent } from "./events";
import { sendToAtriumAgent } from "./send";

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
