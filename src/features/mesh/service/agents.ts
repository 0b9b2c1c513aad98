import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { ownAgent } from "@/features/agents/service/access";
import type { MeshAgent } from "@/generated/prisma/client";
import type { AgentRegistration, MeshAgentDto } from "../schemas";
import { publishMeshEvent } from "./events";

/** A user's mesh holds at most this many agents. */
export const MAX_AGENTS_PER_USER = 200;

/** `busy` is not stored: an online agent is busy while one of its tasks runs (no counter to get wrong). */
async function busyKeys(db: Db, userId: string) {
  const running = await db.meshTask.findMany({ where: { userId, status: "running" }, select: { assignedAgents: true }, take: 500 });
  return new Set(running.flatMap((t) => t.assignedAgents));
}

const statusOf = (a: Pick<MeshAgent, "key" | "status">, busy: Set<string>) => (a.status === "online" && busy.has(a.key) ? "busy" : (a.status as MeshAgentDto["status"]));

export function agentDto(a: MeshAgent, busy: Set<string> = new Set()): MeshAgentDto {
  return {
    id: a.key,
    name: a.name,
    type: a.type,
    capabilities: a.capabilities,
    status: statusOf(a, busy),
    ...(a.endpoint ? { endpoint: a.endpoint } : {}),
    lastSeen: a.lastSeenAt.getTime(),
  };
}

/**
 * Registers an agent in the caller's mesh, or registers it again (new name, capabilities or
 * endpoint; it is online and seen now: re-registering is an external agent's heartbeat). An Atrium
 * agent must be the caller's or shared with them at `use` (404 otherwise, like everywhere else).
 */
export async function registerAgent(db: Db, viewer: Viewer, input: AgentRegistration) {
  let name = input.name ?? input.id;
  let atriumAgentId: string | null = null;
  if (input.type === "atrium") {
    const agent = await ownAgent(db, viewer, input.id, "use").catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) throw new AppError("NOT_FOUND", `No Atrium agent ${input.id} of yours (or shared with you)`, { wireCode: "AGENT_NOT_FOUND" });
      throw error;
    });
    name = input.name ?? agent.name;
    atriumAgentId = agent.id;
  }
  const existing = await db.meshAgent.findUnique({ where: { userId_key: { userId: viewer.userId, key: input.id } }, select: { id: true } });
  if (!existing && (await db.meshAgent.count({ where: { userId: viewer.userId } })) >= MAX_AGENTS_PER_USER) {
    throw new AppError("CONFLICT", `A mesh holds at most ${MAX_AGENTS_PER_USER} agents`, { wireCode: "TOO_MANY_AGENTS" });
  }
  const fields = { name, type: input.type, capabilities: [...new Set(input.capabilities)], endpoint: input.endpoint ?? null, atriumAgentId, status: "online", lastSeenAt: new Date() };
  const agent = await db.meshAgent.upsert({
    where: { userId_key: { userId: viewer.userId, key: input.id } },
    create: { userId: viewer.userId, key: input.id, ...fields },
    update: fields,
  });
  await publishMeshEvent(viewer.userId, { type: "agent.registered", agent: agentDto(agent) });
  return agent;
}

export async function listAgents(db: Db, userId: string) {
  const [agents, busy] = await Promise.all([db.meshAgent.findMany({ where: { userId }, orderBy: [{ lastSeenAt: "desc" }, { key: "asc" }], take: MAX_AGENTS_PER_USER }), busyKeys(db, userId)]);
  return agents.map((a) => agentDto(a, busy));
}

export async function unregisterAgent(db: Db, userId: string, key: string) {
  const removed = await db.meshAgent.deleteMany({ where: { userId, key } });
  if (removed.count === 0) throw new AppError("NOT_FOUND", `Agent ${key} not found`, { wireCode: "AGENT_NOT_FOUND" });
}

/** Seed 001's `/health`: the gateway is up, and how the caller's agents stand (none for an anonymous caller). */
export async function healthOverview(db: Db, viewer: Viewer | null) {
  if (!viewer) return { status: "ok" as const, timestamp: Date.now(), agents: [] };
  const [agents, busy] = await Promise.all([
    db.meshAgent.findMany({ where: { userId: viewer.userId }, orderBy: { key: "asc" }, select: { key: true, name: true, status: true }, take: MAX_AGENTS_PER_USER }),
    busyKeys(db, viewer.userId),
  ]);
  return { status: "ok" as const, timestamp: Date.now(), agents: agents.map((a) => ({ id: a.key, name: a.name, status: statusOf(a, busy) })) };
}
