import type { Agent, ModelConfig, Prisma } from "@/generated/prisma/client";
import { BUILTIN_LABEL, BUILTIN_MODEL_ID, type ProviderName } from "@/server/llm";
import type { AgentDto, ModelChoice, Snapshot } from "../schemas";

export type AgentRow = Agent & { modelConfig: ModelConfig | null };
export const withModel = { modelConfig: true } as const;

/** The stored model choice: `{model_config_id, ...overrides}`, `{provider, model_name, ...}` or null. */
export function choiceOf(agent: Agent): Snapshot["model_config"] {
  const spec = (agent.modelSpec ?? null) as Omit<NonNullable<ModelChoice>, "model_config_id"> | null;
  if (agent.modelConfigId) return { model_config_id: agent.modelConfigId, ...(spec ?? {}) };
  return spec;
}

/** The columns a model choice is stored in. */
export function modelColumns(choice: ModelChoice | null | undefined) {
  if (!choice) return { modelConfigId: null, modelSpec: null as unknown as Prisma.InputJsonValue };
  const { model_config_id, ...rest } = choice;
  const spec = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return {
    modelConfigId: model_config_id ?? null,
    modelSpec: (Object.keys(spec).length ? spec : null) as unknown as Prisma.InputJsonValue,
  };
}

export function toAgentDto(agent: AgentRow): AgentDto {
  const choice = choiceOf(agent);
  const config = agent.modelConfig;
  const provider = (config?.provider ?? choice?.provider ?? "builtin") as ProviderName;
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    system_prompt: agent.systemPrompt,
    model_config: {
      model_config_id: config?.id ?? null,
      provider,
      model_name: config?.modelName ?? choice?.model_name ?? BUILTIN_MODEL_ID,
      temperature: choice?.temperature ?? config?.temperature ?? null,
      max_tokens: choice?.max_tokens ?? config?.maxTokens ?? null,
      label: provider === "builtin" ? BUILTIN_LABEL : null,
    },
    iteration_limit: agent.iterationLimit,
    include_tools: agent.includeTools,
    approval_tools: agent.approvalTools,
    workflow_config: (agent.workflowConfig ?? {}) as Record<string, unknown>,
    status: agent.status as AgentDto["status"],
    version: agent.version,
    is_main: agent.isMain,
    owner_id: agent.ownerId,
    created_at: agent.createdAt.toISOString(),
    updated_at: agent.updatedAt.toISOString(),
  };
}

/** The configuration a version keeps (everything but status and bookkeeping). */
export function snapshotOf(agent: Agent): Snapshot {
  return {
    name: agent.name,
    description: agent.description,
    system_prompt: agent.systemPrompt,
    model_config: choiceOf(agent),
    iteration_limit: agent.iterationLimit,
    include_tools: agent.includeTools,
    approval_tools: agent.approvalTools,
    workflow_config: (agent.workflowConfig ?? {}) as Record<string, unknown>,
  };
}

/** Column values for a snapshot (used by create, duplicate, import and rollback). */
export function columnsOf(s: Snapshot) {
  return {
    name: s.name,
    description: s.description,
    systemPrompt: s.system_prompt,
    ...modelColumns(s.model_config as ModelChoice | null),
    iterationLimit: s.iteration_limit,
    includeTools: s.include_tools,
    approvalTools: s.approval_tools ?? [],
    workflowConfig: s.workflow_config as Prisma.InputJsonObject,
  };
}
