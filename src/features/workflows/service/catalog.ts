import "server-only";
import type { AuthedContext } from "@/server/context";
import { describeToolsFor } from "@/features/agents/tools";
import { BUILTIN_LABEL } from "@/server/llm";
import { NODE_CATALOG, NODE_TYPES, nodeConfigs } from "../definition";

/**
 * Everything the editor's pickers offer: node types (with their config's JSON Schema for the
 * inspector), the caller's tools (built-in ones, their MCP tools and outside A2A agents), and their
 * own agents and model configs (a workflow acts for its owner, so only theirs make sense).
 */
export async function editorCatalog({ db, viewer }: AuthedContext) {
  const [agents, modelConfigs, tools] = await Promise.all([
    db.agent.findMany({ where: { ownerId: viewer.userId }, select: { id: true, name: true, description: true }, orderBy: { name: "asc" }, take: 500 }),
    db.modelConfig.findMany({ where: { userId: viewer.userId }, select: { id: true, name: true, provider: true, modelName: true, isDefault: true }, orderBy: { name: "asc" }, take: 500 }),
    describeToolsFor({ db, userId: viewer.userId }),
  ]);
  return {
    node_types: NODE_TYPES.map((type) => ({ ...NODE_CATALOG[type], config_schema: configSchemaOf(type) })),
    tools,
    agents,
    /** Your model configs; an llm node without one uses the built-in offline model (`builtin_model`). */
    model_configs: modelConfigs,
    builtin_model: BUILTIN_LABEL,
  };
}

const schemas = new Map<string, unknown>();
function configSchemaOf(type: (typeof NODE_TYPES)[number]) {
  let schema = schemas.get(type);
  if (!schema) {
    try {
      schema = nodeConfigs[type].toJSONSchema({ io: "input", unrepresentable: "any" });
    } catch {
      schema = {};
    }
    schemas.set(type, schema);
  }
  return schema as Record<string, unknown>;
}
