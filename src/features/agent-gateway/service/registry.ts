import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db/client";
import { encryptSecret } from "@/server/crypto/secrets";
import { AppError, conflict } from "@/server/errors";
import type { GatewayAgent, Prisma } from "@/generated/prisma/client";
import { agentGatewayConfig } from "../config";
import { channelName, type GatewayAgentDto, type Registration } from "../schemas";
import { emitGatewayEvent } from "./observers";

/** One owner registers at most this many agents (409 beyond). */
export const MAX_AGENTS_PER_USER = 500;

/** The webhook secret's encryption context: bound to the owner and the agent, so a copied value does not decrypt. */
export const secretContext = (userId: string, agentId: string) => `agent-gateway:${userId}:${agentId}`;

const onlineSince = () => new Date(Date.now() - agentGatewayConfig().AGENT_GATEWAY_HEARTBEAT_TIMEOUT_MS);

/** The where-clause of "online now": registered and heard from within the heartbeat timeout. */
export const onlineWhere = (userId: string): Prisma.GatewayAgentWhereInput => ({ userId, unregisteredAt: null, lastHeartbeatAt: { gte: onlineSince() } });

export const isOnline = (agent: Pick<GatewayAgent, "unregisteredAt" | "lastHeartbeatAt">) => !agent.unregisteredAt && agent.lastHeartbeatAt >= onlineSince();

export function agentDto(agent: GatewayAgent): GatewayAgentDto {
  return {
    agent_id: agent.agentId,
    agent_name: agent.agentName,
    agent_type: agent.agentType,
    capabilities: agent.capabilities,
    status: isOnline(agent) ? "online" : "offline",
    last_heartbeat: agent.lastHeartbeatAt.toISOString(),
  };
}

/** `metadata.channels` as valid channel names (others ignored), at most 32. */
function channelsOf(metadata: Record<string, unknown>) {
  const listed = Array.isArray(metadata.channels) ? metadata.channels : [];
  return [...new Set(listed.filter((c): c is string => typeof c === "string" && channelName.safeParse(c).success))].slice(0, 32);
}

/**
 * Registers an agent, or registers it again (new name, capabilities, webhook…; online now). Every
 * registration issues a new webhook secret, returned only here: an agent that restarts without
 * keeping it registers again and gets a fresh one.
 */
export async function registerAgent(db: Db, userId: string, input: Registration) {
  const existing = await db.gatewayAgent.findUnique({ where: { userId_agentId: { userId, agentId: input.agent_id } }, select: { id: true } });
  if (!existing && (await db.gatewayAgent.count({ where: { userId } })) >= MAX_AGENTS_PER_USER) {
    throw conflict(`You have ${MAX_AGENTS_PER_USER} registered agents, the most allowed; unregistered ones still count until re-used`);
  }
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const fields = {
    agentName: input.agent_name ?? input.agent_id,
    agentType: input.agent_type,
    capabilities: input.capabilities,
    description: input.description,
    webhookUrl: input.webhook_url,
    metadata: input.metadata as Prisma.InputJsonObject,
    channels: channelsOf(input.metadata),
    secretEnc: encryptSecret(secret, secretContext(userId, input.agent_id)),
    lastHeartbeatAt: new Date(),
    unregisteredAt: null,
  };
  await db.gatewayAgent.upsert({
    where: { userId_agentId: { userId, agentId: input.agent_id } },
    create: { userId, agentId: input.agent_id, ...fields },
    update: fields,
  });
  emitGatewayEvent(db, { type: "registered", userId, agentId: input.agent_id });
  return { status: "registered" as const, agent_id: input.agent_id, webhook_secret: secret };
}

const unknownAgent = (agentId: string) => new AppError("NOT_FOUND", `Agent ${agentId} is not registered`);

/** Keeps a registered agent online (also one that went offline by missing heartbeats). */
export async function heartbeat(db: Db, userId: string, agentId: string) {
  const { count } = await db.gatewayAgent.updateMany({ where: { userId, agentId, unregisteredAt: null }, data: { lastHeartbeatAt: new Date() } });
  if (count === 0) throw unknownAgent(agentId);
  return { status: "ok" as const };
}

/** Marks an agent offline until it registers again (its deliveries stay listed). */
export async function unregisterAgent(db: Db, userId: string, agentId: string) {
  const { count } = await db.gatewayAgent.updateMany({ where: { userId, agentId, unregisteredAt: null }, data: { unregisteredAt: new Date() } });
  if (count === 0) throw unknownAgent(agentId);
  emitGatewayEvent(db, { type: "unregistered", userId, agentId });
  return { status: "unregistered" as const };
}

export async function listAgents(db: Db, userId: string, filter: { agent_type?: string; online_only: boolean }) {
  const rows = await db.gatewayAgent.findMany({
    where: { ...(filter.online_only ? onlineWhere(userId) : { userId }), ...(filter.agent_type ? { agentType: filter.agent_type } : {}) },
    orderBy: [{ lastHeartbeatAt: "desc" }, { agentId: "asc" }],
    take: MAX_AGENTS_PER_USER,
  });
  const agents = rows.map(agentDto);
  return { agents, total: agents.length };
}

/** The caller's own registration; another owner's agent is as unknown as a missing one. */
export async function findAgent(db: Db, userId: string, agentId: string) {
  const agent = await db.gatewayAgent.findUnique({ where: { userId_agentId: { userId, agentId } } });
  if (!agent) throw unknownAgent(agentId);
  return agent;
}

export async function agentStatus(db: Db, userId: string, agentId: string) {
  const { agent_id, status, last_heartbeat } = agentDto(await findAgent(db, userId, agentId));
  return { agent_id, status, last_heartbeat };
}

export const GATEWAY_VERSION = "1.0.0";

/** 002's health: the gateway runs inside the Atrium process, so its uptime is the process's. Counts are the caller's. */
export async function gatewayHealth(db: Db, userId: string | null) {
  const [registered, online] = userId
    ? await Promise.all([db.gatewayAgent.count({ where: { userId, unregisteredAt: null } }), db.gatewayAgent.count({ where: onlineWhere(userId) })])
    : [0, 0];
  return { status: "running" as const, version: GATEWAY_VERSION, uptime_seconds: Math.floor(process.uptime()), registered_agents: registered, online_agents: online };
}
