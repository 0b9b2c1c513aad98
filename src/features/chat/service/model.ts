import "server-only";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { ModelSpec, ProviderName } from "@/server/llm";
import type { AgentRow } from "@/features/agents/service/dto";
import { choiceOf } from "@/features/agents/service/dto";
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
