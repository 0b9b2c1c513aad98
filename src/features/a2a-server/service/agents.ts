import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { atLeast } from "@/features/permissions/catalog";
import { effectiveAccess } from "@/features/permissions/service/check";

/** At most this many agents are offered over A2A (skills on the card, `/a2a/agents`), newest change first. */
export const MAX_A2A_AGENTS = 100;
/** Skill ids that name "the caller's main agent" rather than one agent: 1.0's generic skill and seed 000's. */
export const MAIN_SKILL_IDS = new Set(["main", "chat"]);

export interface A2aAgent {
  id: string;
  name: string;
  description: string | null;
  isMain: boolean;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Ids of agents shared with the viewer at `use` or above. */
async function sharedAgentIds(db: Db, viewer: Viewer) {
  return [...(await effectiveAccess(db, viewer)).grants].filter(([key, level]) => key.startsWith("agent:") && atLeast(level, "use")).map(([key]) => key.slice("agent:".length));
}

/**
 * The agents an outside A2A client may reach with this viewer's key: deployed ones they own or that
 * are shared with them at `use` (the same rule as the MCP server's agent tools).
 */
export async function usableAgents(db: Db, viewer: Viewer, onlyId?: string): Promise<A2aAgent[]> {
  const shared = await sharedAgentIds(db, viewer);
  const rows = await db.agent.findMany({
    where: { status: "deployed", ...(onlyId ? { id: onlyId } : {}), OR: [{ ownerId: viewer.userId }, ...(shared.length ? [{ id: { in: shared } }] : [])] },
    select: { id: true, name: true, description: true, isMain: true, ownerId: true },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: MAX_A2A_AGENTS,
  });
  // Only the viewer's own main agent is "main" to them.
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, isMain: r.isMain && r.ownerId === viewer.userId }));
}

/**
 * Which agent answers a task: the one the client named (an agent id, as the card's skill ids are),
 * else the caller's main agent, else their only usable agent. Someone else's or an undeployed agent
 * reads as unknown (404), so ids do not leak.
 */
export async function chooseAgent(db: Db, viewer: Viewer, requested: string | null | undefined): Promise<A2aAgent> {
  if (requested && !MAIN_SKILL_IDS.has(requested)) {
    const [agent] = isUuid(requested) ? await usableAgents(db, viewer, requested) : [];
    if (!agent) throw new AppError("NOT_FOUND", `No agent "${requested}" is available to you over A2A: use a skill id from the agent card (GET /.well-known/agent-card.json with your API key) or GET /a2a/agents`);
    return agent;
  }
  const agents = await usableAgents(db, viewer);
  const main = agents.find((a) => a.isMain);
  if (main) return main;
  if (agents.length === 1) return agents[0];
  if (agents.length === 0) throw new AppError("NOT_FOUND", "You have no deployed agent to answer: deploy one in Atrium (or ask for one to be shared with you)");
  throw new AppError("BAD_REQUEST", "You have several deployed agents and no main agent: name one with message.metadata.skillId (a skill id from the agent card)");
}
