import { z } from "zod";
import { pageOf } from "@/lib/wire";
import { pageQuery, providerName } from "@/features/models/schemas";
import { isA2aToolName, isMcpToolName, MAX_A2A_TOOLS_PER_AGENT, MAX_MCP_TOOLS_PER_AGENT, TOOL_NAMES } from "./tools";

export const AGENT_STATUSES = ["draft", "deployed", "stopped"] as const;
export const EXPORT_FORMAT = "atrium.agent";
export const EXPORT_VERSION = 1;

const temperature = z.number().min(0, "Temperature is between 0 and 2").max(2, "Temperature is between 0 and 2");
const maxTokens = z.number().int().min(1).max(1_000_000);

/**
 * An agent's model: one of your model configs (`{model_config_id}`, optionally overriding its
 * temperature / max_tokens), or inline as in seed 004 (`{provider, model_name, temperature}`: run
 * with your model config for that provider). Null or absent: the built-in offline model.
 */
export const modelChoice = z
  .object({
    model_config_id: z.uuid({ message: "Not a valid id" }).optional(),
    provider: providerName.optional(),
    model_name: z.string().trim().min(1).max(200).optional(),
    temperature: temperature.nullable().optional(),
    max_tokens: maxTokens.nullable().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.model_config_id && (m.provider || m.model_name)) {
      ctx.addIssue({ code: "custom", path: ["model_config_id"], message: "Give either model_config_id or provider + model_name, not both" });
    } else if (!m.model_config_id && !m.provider) {
      ctx.addIssue({ code: "custom", path: ["provider"], message: "Give model_config_id, or provider + model_name" });
    } else if (m.provider && m.provider !== "builtin" && !m.model_name) {
      ctx.addIssue({ code: "custom", path: ["model_name"], message: "Name the model, e.g. deepseek-chat" });
    }
  });

const toolList = z
  .array(z.string().trim().min(1).max(64))
  .max(TOOL_NAMES.length + MAX_MCP_TOOLS_PER_AGENT + MAX_A2A_TOOLS_PER_AGENT)
  .superRefine((names, ctx) => {
    names.forEach((name, i) => {
      if (!TOOL_NAMES.includes(name) && !isMcpToolName(name) && !isA2aToolName(name)) ctx.addIssue({ code: "custom", path: [i], message: `Unknown tool "${name}"; available: ${TOOL_NAMES.join(", ")}` });
    });
  })
  .transform((names) => [...new Set(names)]);

const workflowConfig = z.record(z.string(), z.unknown());

const agentFields = {
  name: z.string().trim().min(1, "Give the agent a name").max(100),
  description: z.string().max(2000),
  system_prompt: z.string().max(50_000),
  model_config: modelChoice.nullable(),
  /** The most model calls one reply may take (each tool round is one). */
  iteration_limit: z.number().int().min(1).max(50),
  include_tools: toolList,
  /** Tools whose calls wait for the owner's approval (the run pauses; see /api/approvals). */
  approval_tools: toolList,
  workflow_config: workflowConfig,
};

export const agentCreate = z.object({
  name: agentFields.name,
  description: agentFields.description.default(""),
  system_prompt: agentFields.system_prompt.default(""),
  model_config: agentFields.model_config.optional(),
  iteration_limit: agentFields.iteration_limit.default(10),
  include_tools: agentFields.include_tools.default([]),
  approval_tools: agentFields.approval_tools.default([]),
  workflow_config: agentFields.workflow_config.default({}),
});

/** PUT /agents/{id}: only the fields sent change; any real change makes a new version. */
export const agentUpdate = z.object(agentFields).partial().strict();

export const listQuery = pageQuery.extend({
  /** Case-insensitive match on the name. */
  search: z.string().trim().max(100).optional(),
  status: z.enum(AGENT_STATUSES).optional(),
});

export const agentModel = z.object({
  model_config_id: z.string().nullable(),
  provider: providerName,
  model_name: z.string(),
  temperature: z.number().nullable(),
  max_tokens: z.number().int().nullable(),
  /** Set for the built-in model, which is no AI. */
  label: z.string().nullable(),
});

export const agent = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  system_prompt: z.string(),
  model_config: agentModel,
  iteration_limit: z.number().int(),
  include_tools: z.array(z.string()),
  /** Tools (of include_tools) whose calls wait for the owner's approval. */
  approval_tools: z.array(z.string()),
  workflow_config: z.record(z.string(), z.unknown()),
  status: z.enum(AGENT_STATUSES),
  version: z.number().int(),
  /** The user's main agent (set with create-main-agent). */
  is_main: z.boolean(),
  owner_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const agentPage = pageOf(agent);

/** A version's configuration exactly as it was saved (model as chosen, not as resolved). */
export const snapshot = z.object({
  name: z.string(),
  description: z.string(),
  system_prompt: z.string(),
  model_config: z
    .object({
      model_config_id: z.string().optional(),
      provider: providerName.optional(),
      model_name: z.string().optional(),
      temperature: z.number().nullable().optional(),
      max_tokens: z.number().int().nullable().optional(),
    })
    .nullable(),
  iteration_limit: z.number().int(),
  include_tools: z.array(z.string()),
  /** Absent in versions saved before approvals existed. */
  approval_tools: z.array(z.string()).optional(),
  workflow_config: z.record(z.string(), z.unknown()),
});
export const agentVersion = z.object({
  version: z.number().int(),
  reason: z.string(),
  created_at: z.string(),
  snapshot,
});
export const versionList = z.array(agentVersion);
export const versionParams = z.object({ id: z.uuid({ message: "Not a valid id" }), version: z.coerce.number().int().min(1).max(2_147_483_647, "No such version") });

/**
 * The export format (version 1): portable between users and instances, so it names a model by
 * provider and model name (never a model config id, base URL or key). Import accepts exactly this.
 */
export const exportedAgent = z.object({
  format: z.literal(EXPORT_FORMAT, { message: `Not an Atrium agent export (format must be "${EXPORT_FORMAT}")` }),
  version: z.literal(EXPORT_VERSION, { message: `Unsupported export version (this Atrium reads version ${EXPORT_VERSION})` }),
  exported_at: z.string().optional(),
  agent: z.object({
    name: agentFields.name,
    description: agentFields.description.default(""),
    system_prompt: agentFields.system_prompt.default(""),
    model_config: z
      .object({
        provider: providerName,
        model_name: z.string().trim().min(1).max(200),
        temperature: temperature.nullable().optional(),
        max_tokens: maxTokens.nullable().optional(),
      })
      .nullable()
      .default(null),
    iteration_limit: agentFields.iteration_limit.default(10),
    include_tools: agentFields.include_tools.default([]),
    approval_tools: agentFields.approval_tools.default([]),
    workflow_config: agentFields.workflow_config.default({}),
  }),
});

export const toolInfo = z.object({ name: z.string(), description: z.string(), input_schema: z.record(z.string(), z.unknown()) });

export type AgentCreate = z.infer<typeof agentCreate>;
export type AgentUpdate = z.infer<typeof agentUpdate>;
export type AgentDto = z.infer<typeof agent>;
export type Snapshot = z.infer<typeof snapshot>;
export type ModelChoice = z.infer<typeof modelChoice>;
export type ExportedAgent = z.infer<typeof exportedAgent>;
