import "server-only";
import type { Viewer } from "@/server/auth/viewer";
import type { Db } from "@/server/db/client";
import { readCache } from "@/server/db/read-cache";
import { AppError } from "@/server/errors";
import type { ModelSpec, ProviderName } from "@/server/llm";
import type { AgentRow } from "@/features/agents/service/dto";
import { choiceOf } from "@/features/agents/service/dto";
import { ownAgent } from "@/features/agents/service/access";
import { defaultConfig, specOf } from "@/features/models/service/configs";

export interface RunModel {
  /** null: the built-in offline model. */
  spec: ModelSpec | null;
  temperature: number | null;
  maxTokens: number | null;
}

const BUILTIN: RunModel = { spec: null, temperature: null, maxTokens: null };

/**
 * Which model a reply uses. An agent's own model config; or its inline `{provider, model_name}` run
 * with the owner's model config for that provider (the default one first) for base URL and key; or
 * the built-in model. Bare chat uses the default model config, else the built-in model.
 */
export async function runModelFor(db: Db, userId: string, agent: AgentRow | null): Promise<RunModel> {
  if (!agent) {
    const config = await defaultConfig(db, userId);
    return config ? { spec: specOf(config), temperature: config.temperature, maxTokens: config.maxTokens } : BUILTIN;
  }
  const choice = choiceOf(agent);
  if (agent.modelConfig) {
    return {
      spec: specOf(agent.modelConfig),
      temperature: choice?.temperature ?? agent.modelConfig.temperature,
      maxTokens: choice?.max_tokens ?? agent.modelConfig.maxTokens,
    };
  }
  if (!choice?.provider || choice.provider === "builtin") return BUILTIN;
  const provider = choice.provider as ProviderName;
  const config = await db.modelConfig.findFirst({
    where: { userId, provider },
    orderBy: [{ isDefault: "desc" }, { createdAt: "desc" }],
  });
  if (!config) {
    throw new AppError(
      "BAD_REQUEST",
      `This agent uses ${provider} model "${choice.model_name}", but you have no ${provider} model config to supply its endpoint and key. Add one (POST /api/v1/model-configs) or pick a model config for the agent.`,
    );
  }
  return {
    spec: { ...specOf(config), modelName: choice.model_name ?? config.modelName },
    temperature: choice.temperature ?? config.temperature,
    maxTokens: choice.max_tokens ?? config.maxTokens,
  };
}

export interface ChatModel {
  agent: AgentRow | null;
  runModel: RunModel;
}

/**
 * The agent a message goes to (the viewer's, else 404) and the model it runs, as runModelFor decides.
 * Read on every chat message before the model call starts, so cached for a few seconds and emptied
 * by any write in this process to the tables it is read from (see @/server/db/read-cache.ts).
 */
const chatModels = readCache<ChatModel>({
  name: "chat-models",
  tables: ["agents", "model_configs", "users", "roles", "user_roles", "resource_grants"],
  ttlMs: 5_000,
  maxEntries: 5_000,
});

export async function chatModelFor(db: Db, viewer: Viewer, agentId: string | null): Promise<ChatModel> {
  const found = await chatModels.get(`${viewer.userId}:${viewer.role}:${agentId ?? "bare"}`, async () => {
    const agent = agentId ? await ownAgent(db, viewer, agentId, "use") : null;
    return { agent, runModel: await runModelFor(db, viewer.userId, agent) };
  });
  return found!;
}
