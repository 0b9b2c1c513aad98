import "server-only";
import { AgentCard } from "@a2a-js/sdk";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { usableAgents, type A2aAgent } from "../service/agents";

export const JSONRPC_PATH = "/a2a/jsonrpc";
const NAME = "Atrium";
const DESCRIPTION = "Atrium, an AI agent platform: each of its deployed agents answers A2A tasks as a skill.";
const VERSION = "1.0.0";
const PICK_NOTE = 'Pick it by sending its skill id as message.metadata.skillId (or metadata.agentId); without one, your main agent answers.';

const MAIN_SKILL = {
  id: "main",
  name: "Your main agent",
  description: `Whichever agent is your main agent in Atrium (or your only deployed one) answers. Send Authorization: Bearer <your Atrium API key> with every call; with it, this card lists each deployed agent you may use as its own skill. ${PICK_NOTE}`,
  tags: ["chat"],
};

const skillOf = (agent: A2aAgent) => ({
  id: agent.id,
  name: agent.name,
  description: `${agent.description ? `${agent.description.trim().slice(0, 800)} ` : ""}(Atrium agent "${agent.name}"${agent.isMain ? ", your main agent" : ""}.) ${PICK_NOTE}`,
  tags: agent.isMain ? ["agent", "main"] : ["agent"],
  examples: [] as string[],
});

/**
 * The protocol 1.0 card (`GET /.well-known/agent-card.json`) as JSON. Public without credentials (one
 * generic skill: the caller's main agent, naming nobody's agents); with a valid key, one skill per
 * deployed agent the caller may use.
 */
export async function agentCardJson(db: Db, viewer: Viewer | null, origin: string) {
  const skills = viewer ? (await usableAgents(db, viewer)).map(skillOf) : [MAIN_SKILL];
  return {
    name: NAME,
    description: DESCRIPTION,
    supportedInterfaces: [{ url: `${origin}${JSONRPC_PATH}`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
    provider: { organization: "Atrium", url: origin },
    version: VERSION,
    documentationUrl: `${origin}/api/docs`,
    capabilities: { streaming: true, pushNotifications: false, extendedAgentCard: true },
    securitySchemes: {
      bearer: { httpAuthSecurityScheme: { scheme: "Bearer", bearerFormat: "Atrium API key (atr_...) or access token", description: "A personal API key from Settings → API keys, sent as Authorization: Bearer <key>" } },
    },
    securityRequirements: [{ schemes: { bearer: {} } }],
    // The same requirement as protocol 0.3 cards wrote it, for clients that read that field.
    security: [{ bearer: [] }],
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: ["text/plain"],
    skills,
  };
}

/** The same card as the SDK's type (for GetExtendedAgentCard through its JSON-RPC handler). */
export async function agentCard(db: Db, viewer: Viewer | null, origin: string): Promise<AgentCard> {
  return AgentCard.fromJSON(await agentCardJson(db, viewer, origin));
}

/** Seed 000's older card (`GET /.well-known/agent.json`), exactly its fields. */
export async function legacyAgentCardJson(db: Db, viewer: Viewer | null, origin: string) {
  const skills = viewer
    ? (await usableAgents(db, viewer)).map((a) => ({ id: a.id, name: a.name, description: a.description?.trim().slice(0, 800) || `Atrium agent "${a.name}"` }))
    : [{ id: "chat", name: "Chat", description: "General-purpose chat with any agent" }];
  return { name: NAME, description: DESCRIPTION, url: origin, version: VERSION, capabilities: { streaming: true, pushNotifications: false }, skills };
}
