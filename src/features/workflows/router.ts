import { z } from "zod";
import { idParam, pageQuery } from "@/lib/wire";
import { authedProcedure, createTRPCRouter } from "@/server/trpc/init";
import { workflowDefinition } from "./definition";
import { workflowRunsRouter } from "./runs/router";
import * as s from "./schemas";
import { editorCatalog } from "./service/catalog";
import { executionsPerDay, monitoringOverview, nodeTypeUsage } from "./service/monitoring";
import { createNodeTemplate, deleteNodeTemplate, listNodeTemplates } from "./service/node-templates";
import { createFromTemplate, listTemplates } from "./service/templates";
import {
  createWorkflow, deleteWorkflow, exportWorkflow, getVersion, getWorkflow, importWorkflow, listVersions, listWorkflows, rollbackWorkflow, updateWorkflow, validateWorkflow,
} from "./service/workflows";
import { createSchedule, deleteSchedule, listSchedules, updateSchedule } from "./schedules/service";
import { disableWebhook, getWebhook, rotateWebhook } from "./webhooks/service";

const version = idParam.extend({ version: z.number().int().min(1) });

/** The workflow editor's procedures (the REST surface in rest.ts calls the same services). */
export const workflowsRouter = createTRPCRouter({
  runs: workflowRunsRouter,
  list: authedProcedure
    .input(z.object({ search: z.string().trim().max(200).optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listWorkflows(ctx, { search: input.search, page: input.page, page_size: input.pageSize })),
  get: authedProcedure.input(idParam).query(({ ctx, input }) => getWorkflow(ctx, input.id)),
  create: authedProcedure.input(s.workflowCreate).mutation(({ ctx, input }) => createWorkflow(ctx, input)),
  /** The editor always sends the version it loaded: a save over someone else's newer one is CONFLICT (reload). */
  update: authedProcedure
    .input(idParam.extend({ name: s.workflowUpdate.shape.name, description: s.workflowUpdate.shape.description, definition: workflowDefinition.optional(), baseVersion: z.number().int().min(1), message: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => updateWorkflow(ctx, input.id, { name: input.name, description: input.description, definition: input.definition, base_version: input.baseVersion, message: input.message })),
  delete: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteWorkflow(ctx, input.id)),
  /** A mutation, not a query: a whole graph does not fit in a GET's URL. */
  validate: authedProcedure.input(s.validateBody).mutation(({ input }) => validateWorkflow(input.definition)),
  versions: authedProcedure.input(idParam).query(({ ctx, input }) => listVersions(ctx, input.id)),
  version: authedProcedure.input(version).query(({ ctx, input }) => getVersion(ctx, input.id, input.version)),
  rollback: authedProcedure.input(version).mutation(({ ctx, input }) => rollbackWorkflow(ctx, input.id, input.version)),
  exportJson: authedProcedure.input(idParam).query(({ ctx, input }) => exportWorkflow(ctx, input.id)),
  importJson: authedProcedure.input(z.object({ data: s.exportDoc })).mutation(({ ctx, input }) => importWorkflow(ctx, input.data)),
  templates: authedProcedure.query(() => listTemplates()),
  createFromTemplate: authedProcedure
    .input(z.object({ templateId: s.templateIdParam.shape.id, name: z.string().trim().min(1).max(200).optional() }))
    .mutation(({ ctx, input }) => createFromTemplate(ctx, input.templateId, input.name)),
  nodeTemplates: createTRPCRouter({
    list: authedProcedure
      .input(z.object({ nodeType: s.nodeTemplateCreate.shape.node_type.optional(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(100) }).default({ page: 1, pageSize: 100 }))
      .query(({ ctx, input }) => listNodeTemplates(ctx, { node_type: input.nodeType, page: input.page, page_size: input.pageSize })),
    create: authedProcedure.input(s.nodeTemplateCreate).mutation(({ ctx, input }) => createNodeTemplate(ctx, input)),
    delete: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteNodeTemplate(ctx, input.id)),
  }),
  schedules: createTRPCRouter({
    list: authedProcedure
      .input(z.object({ workflowId: z.uuid().optional() }).merge(pageQuery.partial()))
      .query(({ ctx, input }) => listSchedules(ctx, { workflow_id: input.workflowId, page: input.page ?? 1, page_size: input.page_size ?? 100 })),
    create: authedProcedure
      .input(s.scheduleCreate.omit({ workflow_id: true, agent_id: true, target_type: true }).extend({ targetType: s.scheduleCreate.shape.target_type, workflowId: z.uuid().optional(), agentId: z.uuid().optional() }))
      .mutation(({ ctx, input: { targetType, workflowId, agentId, ...rest } }) => createSchedule(ctx, { ...rest, target_type: targetType, workflow_id: workflowId, agent_id: agentId }, "")),
    update: authedProcedure.input(idParam.extend(s.scheduleUpdate.shape)).mutation(({ ctx, input: { id, ...patch } }) => updateSchedule(ctx, id, patch, "")),
    delete: authedProcedure.input(idParam).mutation(({ ctx, input }) => deleteSchedule(ctx, input.id)),
  }),
  webhook: createTRPCRouter({
    get: authedProcedure.input(idParam).query(({ ctx, input }) => getWebhook(ctx, input.id)),
    rotate: authedProcedure.input(idParam).mutation(({ ctx, input }) => rotateWebhook(ctx, input.id)),
    disable: authedProcedure.input(idParam).mutation(({ ctx, input }) => disableWebhook(ctx, input.id)),
  }),
  /** The dashboard: overview, runs per day and node types over `days` (default 14). */
  monitoring: authedProcedure.input(s.monitoringQuery.default({ days: 14 })).query(async ({ ctx, input }) => {
    const [overview, perDay, nodeTypes] = await Promise.all([monitoringOverview(ctx), executionsPerDay(ctx, input.days), nodeTypeUsage(ctx, input.days)]);
    return { overview, executions: perDay.days, node_types: nodeTypes.items };
  }),
  catalog: authedProcedure.query(({ ctx }) => editorCatalog(ctx)),
});
