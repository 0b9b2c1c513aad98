import type { AgentDto } from "../../schemas";

export const BUILTIN = "builtin";
export const INLINE = "inline";

export interface AgentForm {
  name: string;
  description: string;
  system_prompt: string;
  /** "builtin", "inline" (provider + model name, as imported) or a model config id. */
  model: string;
  temperature: number | null;
  iteration_limit: number;
  include_tools: string[];
  /** Of include_tools: calls that wait for your approval. */
  approval_tools: string[];
}

export const emptyForm: AgentForm = {
  name: "",
  description: "",
  system_prompt: "",
  model: BUILTIN,
  temperature: null,
  iteration_limit: 10,
  include_tools: [],
  approval_tools: [],
};

export function formOf(agent: AgentDto): AgentForm {
  const m = agent.model_config;
  return {
    name: agent.name,
    description: agent.description,
    system_prompt: agent.system_prompt,
    model: m.model_config_id ?? (m.provider === "builtin" ? BUILTIN : INLINE),
    temperature: m.temperature,
    iteration_limit: agent.iteration_limit,
    include_tools: agent.include_tools,
    approval_tools: agent.approval_tools,
  };
}

/** The body for agents.create / agents.update. `inline` keeps the agent's current provider + model. */
export function payloadOf(form: AgentForm, current?: AgentDto) {
  const temperature = form.temperature;
  let model_config = null;
  if (form.model === INLINE && current) {
    model_config = { provider: current.model_config.provider, model_name: current.model_config.model_name, temperature };
  } else if (form.model !== BUILTIN && form.model !== INLINE) {
    model_config = { model_config_id: form.model, temperature };
  }
  return {
    name: form.name.trim(),
    description: form.description,
    system_prompt: form.system_prompt,
    model_config,
    iteration_limit: form.iteration_limit,
    include_tools: form.include_tools,
    approval_tools: form.approval_tools.filter((t) => form.include_tools.includes(t)),
  };
}

export function validate(form: AgentForm): Partial<Record<keyof AgentForm, string>> {
  const errors: Partial<Record<keyof AgentForm, string>> = {};
  if (!form.name.trim()) errors.name = "Give the agent a name";
  else if (form.name.trim().length > 100) errors.name = "At most 100 characters";
  if (form.description.length > 2000) errors.description = "At most 2,000 characters";
  if (form.system_prompt.length > 50_000) errors.system_prompt = "At most 50,000 characters";
  if (!Number.isInteger(form.iteration_limit) || form.iteration_limit < 1 || form.iteration_limit > 50) errors.iteration_limit = "A whole number from 1 to 50";
  return errors;
}

/** Server issues ("patch.name", "model_config.model_config_id") by form field. */
export function serverErrors(issues: { path: string; message: string }[] | null | undefined) {
  const errors: Partial<Record<keyof AgentForm, string>> = {};
  for (const issue of issues ?? []) {
    const parts = issue.path.split(".").filter((p) => p !== "patch");
    const key = (parts[0] === "model_config" ? "model" : parts[0]) as keyof AgentForm;
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}
