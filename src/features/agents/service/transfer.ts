import "server-only";
import type { AuthedContext } from "@/server/context";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedAgent, type Snapshot } from "../schemas";
import { requirePermission } from "@/features/permissions/service/check";
import { ownAgent } from "./access";
import { insertAgent } from "./agents";
import { snapshotOf, toAgentDto } from "./dto";

const COPY_SUFFIX = " (copy)";
const NAME_MAX = 100;

/** POST /agents/{id}/duplicate: a deep copy of the current configuration as a new draft at version 1. */
export async function duplicateAgent({ db, viewer }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "agents:create");
  const source = await ownAgent(db, viewer, id, "view");
  const copy = structuredClone(snapshotOf(source));
  copy.name = source.name.slice(0, NAME_MAX - COPY_SUFFIX.length) + COPY_SUFFIX;
  const created = await db.$transaction((tx) => insertAgent(tx, viewer.userId, copy, "duplicate"));
  return toAgentDto(created);
}

/**
 * GET /agents/{id}/export: the portable JSON document (format "atrium.agent", version 1). The model
 * is named by provider and model name only: no config id, base URL or key leaves the instance.
 */
export async function exportAgent({ db, viewer }: AuthedContext, id: string): Promise<ExportedAgent> {
  const agent = await ownAgent(db, viewer, id);
  const dto = toAgentDto(agent);
  const model = dto.model_config;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: new Date().toISOString(),
    agent: {
      name: dto.name,
      description: dto.description,
      system_prompt: dto.system_prompt,
      model_config:
        model.provider === "builtin"
          ? null
          : { provider: model.provider, model_name: model.model_name, temperature: model.temperature, max_tokens: model.max_tokens },
      iteration_limit: dto.iteration_limit,
      include_tools: dto.include_tools,
      approval_tools: dto.approval_tools,
      workflow_config: dto.workflow_config,
    },
  };
}

/** POST /agents/import: a new draft agent from an export document (validated by the route's schema). */
export async function importAgent({ db, viewer }: AuthedContext, doc: ExportedAgent) {
  await requirePermission(db, viewer, "agents:create");
  const a = doc.agent;
  const s: Snapshot = {
    name: a.name,
    description: a.description,
    system_prompt: a.system_prompt,
    model_config: a.model_config
      ? Object.fromEntries(Object.entries(a.model_config).filter(([, v]) => v !== undefined && v !== null))
      : null,
    iteration_limit: a.iteration_limit,
    include_tools: a.include_tools,
    approval_tools: a.approval_tools,
    workflow_config: a.workflow_config,
  };
  const created = await db.$transaction((tx) => insertAgent(tx, viewer.userId, s, "import"));
  return toAgentDto(created);
}
