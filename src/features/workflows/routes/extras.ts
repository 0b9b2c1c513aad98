import "server-only";
import { z } from "zod";
import { idParam } from "@/lib/wire";
import { route } from "@/server/http/route-table";
import * as s from "../schemas";
import { batchDelete, batchExecute, batchExport } from "../service/batch";
import { applyNodeTemplate, createNodeTemplate, deleteNodeTemplate, getNodeTemplate, listNodeTemplates, updateNodeTemplate } from "../service/node-templates";
import { testNode } from "../service/node-test";
import { createSchedule, deleteSchedule, getSchedule, listSchedules, triggerSchedule, updateSchedule } from "../schedules/service";
import { callWebhookById, callWebhookByName, disableWebhook, getWebhook, presentedToken, rotateWebhook } from "../webhooks/service";

const NODE_TEMPLATES = ["Node templates"];
const NODES = ["Nodes"];
const SCHEDULES = ["Agent schedules"];
const WEBHOOKS = ["Webhooks"];
const BATCH = ["Batch"];

/** Seed 004's node-templates, nodes, agent-schedules, webhooks and batch modules. */
export const workflowExtraRoutes = [
  route({
    method: "GET", path: "/node-templates", auth: "user", tags: NODE_TEMPLATES,
    summary: "Your saved node configurations (the editor's palette), newest change first; `node_type` filter",
    query: s.nodeTemplateListQuery, status: 200, response: s.nodeTemplatePage, errors: [422],
    handler: (ctx, { query }) => listNodeTemplates(ctx, query),
  }),
  route({
    method: "POST", path: "/node-templates", auth: "user", tags: NODE_TEMPLATES,
    summary: "Save a node configuration; the config is checked against the node type's schema (422 per field)",
    body: s.nodeTemplateCreate, status: 201, response: s.nodeTemplate, errors: [403, 409, 422],
    handler: (ctx, { body }) => createNodeTemplate(ctx, body),
  }),
  route({
    method: "GET", path: "/node-templates/{id}", auth: "user", tags: NODE_TEMPLATES,
    summary: "One of your node templates",
    params: idParam, status: 200, response: s.nodeTemplate, errors: [404, 422],
    handler: (ctx, { params }) => getNodeTemplate(ctx, params.id),
  }),
  route({
    method: "PUT", path: "/node-templates/{id}", auth: "user", tags: NODE_TEMPLATES,
    summary: "Change a node template (fields not sent stay)",
    params: idParam, body: s.nodeTemplateUpdate, status: 200, response: s.nodeTemplate, errors: [403, 404, 422],
    handler: (ctx, { params, body }) => updateNodeTemplate(ctx, params.id, body),
  }),
  route({
    method: "DELETE", path: "/node-templates/{id}", auth: "user", tags: NODE_TEMPLATES,
    summary: "Delete a node template (workflows that used it keep their nodes)",
    params: idParam, status: 204, errors: [403, 404, 422],
    handler: async (ctx, { params }) => {
      await deleteNodeTemplate(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/node-templates/{id}/apply", auth: "user", tags: NODE_TEMPLATES,
    summary: "Add a node from the template to one of your workflows (a new version); answers the workflow and the new node's id",
    description: "`node_id` absent: one made from the template's name. `base_version` as for PUT /workflows/{id} (409 on an older one).",
    params: idParam, body: s.applyNodeTemplateBody, status: 200, response: z.object({ workflow: s.workflow, node_id: z.string() }), errors: [403, 404, 409, 422],
    handler: (ctx, { params, body }) => applyNodeTemplate(ctx, params.id, body),
  }),
  route({
    method: "POST", path: "/nodes/test", auth: "user", tags: NODES,
    summary: "Run one node with an input, as a real run (trigger `node_test`) through the job runner; waits at most 30 s and answers its output or error",
    description: "`nodes` gives outputs of earlier nodes the tested node refers to as `nodes.<id>.output`. A status other than succeeded/failed means the 30 s passed first (follow `execution_id`).",
    body: s.nodeTestBody, status: 200, response: s.nodeTestResult, errors: [403, 422],
    handler: (ctx, { body }) => testNode(ctx, body, ctx.request.signal),
  }),
  route({
    method: "GET", path: "/agent-schedules", auth: "user", tags: SCHEDULES,
    summary: "Your schedules (cron in a time zone, running a workflow or messaging an agent) with `next_run_at`; `workflow_id` filter",
    query: s.scheduleListQuery, status: 200, response: s.schedulePage, errors: [422],
    handler: (ctx, { query }) => listSchedules(ctx, query),
  }),
  route({
    method: "POST", path: "/agent-schedules", auth: "user", tags: SCHEDULES,
    summary: "Create a schedule: `target_type` workflow (`workflow_id`, `input`) or agent (`agent_id`, `input.message`)",
    description: "Five-field cron read in `timezone` (IANA, default UTC). Fired by the job runner at `next_run_at`; a due schedule fires once even with several Atrium processes. At most 100 per user.",
    body: s.scheduleCreate, status: 201, response: s.schedule, errors: [403, 404, 409, 422],
    handler: (ctx, { body }) => createSchedule(ctx, body),
  }),
  route({
    method: "GET", path: "/agent-schedules/{id}", auth: "user", tags: SCHEDULES,
    summary: "One schedule",
    params: idParam, status: 200, response: s.schedule, errors: [404, 422],
    handler: (ctx, { params }) => getSchedule(ctx, params.id),
  }),
  route({
    method: "PUT", path: "/agent-schedules/{id}", auth: "user", tags: SCHEDULES,
    summary: "Change a schedule (name, cron, timezone, input, enabled); `next_run_at` is recomputed",
    params: idParam, body: s.scheduleUpdate, status: 200, response: s.schedule, errors: [403, 404, 422],
    handler: (ctx, { params, body }) => updateSchedule(ctx, params.id, body),
  }),
  route({
    method: "DELETE", path: "/agent-schedules/{id}", auth: "user", tags: SCHEDULES,
    summary: "Delete a schedule",
    params: idParam, status: 204, errors: [403, 404, 422],
    handler: async (ctx, { params }) => {
      await deleteSchedule(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/agent-schedules/{id}/trigger", auth: "user", tags: SCHEDULES,
    summary: "Fire a schedule now (its regular next time stays); answers the run it started",
    params: idParam, status: 200, response: s.scheduleTriggerResult, errors: [403, 404, 422],
    handler: (ctx, { params }) => triggerSchedule(ctx, params.id),
  }),
  route({
    method: "GET", path: "/workflows/{workflow_id}/webhook", auth: "user", tags: WEBHOOKS,
    summary: "The workflow's webhook: whether it is on, its secret token and URLs (its owner only: the token runs the workflow as them)",
    params: s.workflowIdParam, status: 200, response: s.webhookInfo, errors: [403, 404, 422],
    handler: (ctx, { params }) => getWebhook(ctx, params.workflow_id),
  }),
  route({
    method: "POST", path: "/workflows/{workflow_id}/webhook/rotate", auth: "user", tags: WEBHOOKS,
    summary: "Turn the webhook on with a new secret token; the old token stops working at once",
    params: s.workflowIdParam, status: 200, response: s.webhookInfo, errors: [403, 404, 422],
    handler: (ctx, { params }) => rotateWebhook(ctx, params.workflow_id),
  }),
  route({
    method: "POST", path: "/workflows/{workflow_id}/webhook/disable", auth: "user", tags: WEBHOOKS,
    summary: "Turn the webhook off: its URL answers 404 until a new token is made",
    params: s.workflowIdParam, status: 200, response: s.webhookInfo, errors: [403, 404, 422],
    handler: (ctx, { params }) => disableWebhook(ctx, params.workflow_id),
  }),
  route({
    method: "POST", path: "/webhooks/by-name/{name}", auth: "public", tags: WEBHOOKS,
    summary: "Start a run of the workflow of that name whose webhook token this is (`?token=` or `X-Atrium-Webhook-Token`); the JSON body is the input",
    description: "202 with `execution_id`; `?wait=true` waits up to 30 s and answers 200 with the output. An unknown name, a webhook that is off and a wrong token are the same 404. Rate limited per caller and per workflow; body ≤ 1 MiB.",
    params: s.webhookNameParam, query: s.webhookQuery, body: s.runInput.default({}), status: 202, alsoReturns: [200], response: s.webhookAccepted, errors: [404, 413, 422, 429],
    handler: async (ctx, { params, query, body }) => {
      const { answer, finished } = await callWebhookByName(ctx.db, params.name, presentedToken(ctx.request, query), body, { wait: query.wait, ip: ctx.ip, signal: ctx.request.signal });
      return Response.json(answer, { status: finished ? 200 : 202 });
    },
  }),
  route({
    method: "POST", path: "/webhooks/{workflow_id}", auth: "public", tags: WEBHOOKS,
    summary: "Start a run of the workflow as its owner with its webhook token (`?token=` or `X-Atrium-Webhook-Token`); the JSON body is the input",
    description: "202 with `execution_id`; `?wait=true` waits up to 30 s and answers 200 with the output. An unknown workflow, a webhook that is off and a wrong token are the same 404. Rate limited per caller and per workflow; body ≤ 1 MiB.",
    params: s.workflowIdParam, query: s.webhookQuery, body: s.runInput.default({}), status: 202, alsoReturns: [200], response: s.webhookAccepted, errors: [404, 413, 422, 429],
    handler: async (ctx, { params, query, body }) => {
      const { answer, finished } = await callWebhookById(ctx.db, params.workflow_id, presentedToken(ctx.request, query), body, { wait: query.wait, ip: ctx.ip, signal: ctx.request.signal });
      return Response.json(answer, { status: finished ? 200 : 202 });
    },
  }),
  route({
    method: "POST", path: "/batch/execute", auth: "user", tags: BATCH,
    summary: "Run one workflow once per input (≤ 100): each item answers its execution id, or `rejected` with why its input did not fit",
    body: s.batchExecuteBody, status: 202, response: s.batchExecuteResult, errors: [403, 404, 422],
    handler: (ctx, { body }) => batchExecute(ctx, body),
  }),
  route({
    method: "POST", path: "/batch/export", auth: "user", tags: BATCH,
    summary: "Export documents of several workflows (≤ 100); ids you may not read are listed in `not_found`",
    body: s.batchIds, status: 200, response: s.batchExportResult, errors: [422],
    handler: (ctx, { body }) => batchExport(ctx, body.workflow_ids),
  }),
  route({
    method: "POST", path: "/batch/delete", auth: "user", tags: BATCH,
    summary: "Delete several workflows you own (administrators: any), ≤ 100; the others are listed in `not_found` and left alone",
    body: s.batchIds, status: 200, response: s.batchDeleteResult, errors: [403, 422],
    handler: (ctx, { body }) => batchDelete(ctx, body.workflow_ids),
  }),
];
