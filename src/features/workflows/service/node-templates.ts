import "server-only";
import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { AppError, issuesOf, notFound } from "@/server/errors";
import { requirePermission } from "@/features/permissions/service/check";
import { nodeConfigs, type NodeType } from "../definition";
import type { applyNodeTemplateBody, nodeTemplateCreate, nodeTemplateListQuery, nodeTemplateUpdate } from "../schemas";
import { toNodeTemplate, storedDefinition } from "./dto";
import { updateWorkflow } from "./workflows";
import { accessibleWorkflow } from "./access";

/** A saved node configuration is checked against its type's schema, so applying it never adds a broken node. */
function checkedConfig(type: NodeType, config: Record<string, unknown>) {
  const parsed = nodeConfigs[type].safeParse(config);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error).map((i) => ({ path: `config.${i.path}`, message: i.message }));
    throw new AppError("VALIDATION_ERROR", `Invalid body: ${issues[0].path}: ${issues[0].message}`, { issues });
  }
  return parsed.data as Prisma.InputJsonObject;
}

async function ownTemplate(ctx: AuthedContext, id: string) {
  const row = await ctx.db.nodeTemplate.findFirst({ where: { id, ownerId: ctx.viewer.userId } });
  if (!row) throw notFound("Node template");
  return row;
}

/** GET /node-templates: yours, newest change first; `node_type` filter. */
export async function listNodeTemplates(ctx: AuthedContext, q: z.output<typeof nodeTemplateListQuery>) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  const where = { ownerId: ctx.viewer.userId, ...(q.node_type ? { nodeType: q.node_type } : {}) };
  const [rows, total] = await Promise.all([
    ctx.db.nodeTemplate.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], skip: (q.page - 1) * q.page_size, take: q.page_size }),
    ctx.db.nodeTemplate.count({ where }),
  ]);
  return { items: rows.map(toNodeTemplate), total, page: q.page, page_size: q.page_size };
}

export async function getNodeTemplate(ctx: AuthedContext, id: string) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:read");
  return toNodeTemplate(await ownTemplate(ctx, id));
}

const MAX_NODE_TEMPLATES = 500;

export async function createNodeTemplate(ctx: AuthedContext, input: z.output<typeof nodeTemplateCreate>) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:create");
  const config = checkedConfig(input.node_type, input.config);
  if ((await ctx.db.nodeTemplate.count({ where: { ownerId: ctx.viewer.userId } })) >= MAX_NODE_TEMPLATES) {
    throw new AppError("CONFLICT", `You have ${MAX_NODE_TEMPLATES} node templates, the most there can be; delete some first`);
  }
  const row = await ctx.db.nodeTemplate.create({ data: { ownerId: ctx.viewer.userId, name: input.name, description: input.description, nodeType: input.node_type, config } });
  return toNodeTemplate(row);
}

export async function updateNodeTemplate(ctx: AuthedContext, id: string, input: z.output<typeof nodeTemplateUpdate>) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:update");
  const current = await ownTemplate(ctx, id);
  const type = (input.node_type ?? current.nodeType) as NodeType;
  const config = input.config !== undefined || input.node_type !== undefined ? checkedConfig(type, input.config ?? (current.config as Record<string, unknown>)) : undefined;
  const row = await ctx.db.nodeTemplate.update({
    where: { id },
    data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}), nodeType: type, ...(config ? { config } : {}) },
  });
  return toNodeTemplate(row);
}

export async function deleteNodeTemplate(ctx: AuthedContext, id: string) {
  await requirePermission(ctx.db, ctx.viewer, "workflows:delete");
  await ownTemplate(ctx, id);
  await ctx.db.nodeTemplate.delete({ where: { id } });
}

/**
 * POST /node-templates/{id}/apply: adds a node with the template's type and config to one of your
 * workflows (a new version, like any save); answers the workflow and the new node's id.
 */
export async function applyNodeTemplate(ctx: AuthedContext, id: string, body: z.output<typeof applyNodeTemplateBody>) {
  const template = await ownTemplate(ctx, id);
  const { row } = await accessibleWorkflow(ctx.db, ctx.viewer, body.workflow_id, "edit");
  const definition = storedDefinition(row.definition);
  const taken = new Set(definition.nodes.map((n) => n.id));
  if (body.node_id && taken.has(body.node_id)) {
    throw new AppError("VALIDATION_ERROR", `Invalid body: node_id: the workflow already has a node "${body.node_id}"`, { issues: [{ path: "body.node_id", message: "Already a node of this workflow" }] });
  }
  const nodeId = body.node_id ?? freeId(slug(template.name) || template.nodeType, taken);
  const lowest = Math.max(0, ...definition.nodes.map((n) => n.position.y));
  definition.nodes.push({
    id: nodeId, type: template.nodeType as NodeType, name: template.name, config: template.config as Record<string, unknown>,
    position: body.position ?? { x: 0, y: lowest + 140 }, retries: 0,
  });
  const workflow = await updateWorkflow(ctx, row.id, { definition, base_version: body.base_version, message: `Added node "${nodeId}" from the node template "${template.name}"` });
  return { workflow, node_id: nodeId };
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
function freeId(base: string, taken: Set<string>) {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}
