import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "../schemas";
import { executeWorkflow } from "../service/execute";
import { createFromTemplate, getTemplate, listTemplates } from "../service/templates";
import {
  createWorkflow, deleteWorkflow, exportWorkflow, getVersion, getWorkflow, importWorkflow, listVersions, listWorkflows, rollbackWorkflow, updateWorkflow, validateWorkflow,
} from "../service/workflows";

const TAGS = ["Workflows"];
const TEMPLATE_TAGS = ["Workflow templates"];

/** Answers 200 with a finished run, 202 with one still going (queued, running or waiting on a person). */
export const runReply = ({ execution, finished }: { execution: unknown; finished: boolean }) => Response.json(execution, { status: finished ? 200 : 202 });

/** Seed 004's workflows module and the template gallery. */
export const workflowModuleRoutes = [
  route({
    method: "GET", path: "/workflows", auth: "user", tags: TAGS,
    summary: "Your workflows and those shared with you, most recently changed first: `page`, `page_size` (≤ 100), `search` on the name",
    query: s.listQuery, status: 200, response: s.workflowPage, errors: [422],
    handler: (ctx, { query }) => listWorkflows(ctx, query),
  }),
  route({
    method: "POST", path: "/workflows", auth: "user", tags: TAGS,
    summary: "Create a workflow (version 1); without a definition it starts as a start node joined to an end node",
    description: "The definition is `{nodes, edges}` (format atrium.workflow/v1). Node configs are checked by POST /workflows/validate and before a run, so a draft with unfinished nodes can be saved.",
    body: s.workflowCreate, status: 201, response: s.workflow, errors: [403, 422],
    handler: (ctx, { body }) => createWorkflow(ctx, body),
  }),
  route({
    method: "POST", path: "/workflows/validate", auth: "user", tags: TAGS,
    summary: "Check a definition without saving it: `{valid, issues}`, each issue naming its node and config field",
    body: s.validateBody, status: 200, response: s.validationResult, errors: [422],
    handler: async (_ctx, { body }) => validateWorkflow(body.definition),
  }),
  route({
    method: "POST", path: "/workflows/import", auth: "user", tags: TAGS,
    summary: "Create a workflow from an export document (`format: \"atrium.workflow/v1\"`); a bad document is 422 with one issue per field",
    body: s.exportDoc, status: 201, response: s.workflow, errors: [403, 422],
    handler: (ctx, { body }) => importWorkflow(ctx, body),
  }),
  route({
    method: "GET", path: "/workflows/templates", auth: "user", tags: TEMPLATE_TAGS,
    summary: "The template gallery: ready-made workflows that run on the built-in offline model with no key",
    status: 200, response: s.templateList,
    handler: async () => listTemplates(),
  }),
  route({
    method: "GET", path: "/workflows/templates/{id}", auth: "user", tags: TEMPLATE_TAGS,
    summary: "One template with its graph and an example input for a first run",
    params: s.templateIdParam, status: 200, response: s.templateDetail, errors: [404, 422],
    handler: async (_ctx, { params }) => getTemplate(params.id),
  }),
  route({
    method: "POST", path: "/workflows/templates/{id}/create", auth: "user", tags: TEMPLATE_TAGS,
    summary: "Create a workflow of yours from a template (`name` optional: the template's name)",
    params: s.templateIdParam, body: s.fromTemplateBody, status: 201, response: s.workflow, errors: [403, 404, 422],
    handler: (ctx, { params, body }) => createFromTemplate(ctx, params.id, body.name),
  }),
  route({
    method: "GET", path: "/workflows/{workflow_id}", auth: "user", tags: TAGS,
    summary: "One workflow with its current definition and version (owner, administrators, or a grant at view or above)",
    params: s.workflowIdParam, status: 200, response: s.workflow, errors: [404, 422],
    handler: (ctx, { params }) => getWorkflow(ctx, params.workflow_id),
  }),
  route({
    method: "PUT", path: "/workflows/{workflow_id}", auth: "user", tags: TAGS,
    summary: "Save: every change is a new version (with `message`); `base_version` older than the current version is 409 (reload first)",
    description: "Needs the edit level. Fields not sent stay as they are. The 409's message names the current version.",
    params: s.workflowIdParam, body: s.workflowUpdate, status: 200, response: s.workflow, errors: [403, 404, 409, 422],
    handler: (ctx, { params, body }) => updateWorkflow(ctx, params.workflow_id, body),
  }),
  route({
    method: "DELETE", path: "/workflows/{workflow_id}", auth: "user", tags: TAGS,
    summary: "Delete a workflow (owner or administrator) with its versions, schedules and grants; its runs stay readable in the execution logs",
    params: s.workflowIdParam, status: 204, errors: [403, 404, 422],
    handler: async (ctx, { params }) => {
      await deleteWorkflow(ctx, params.workflow_id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/workflows/{workflow_id}/execute", auth: "user", tags: TAGS,
    summary: "Run the workflow: 202 with the queued execution; with `wait` (query or body) 200 with its output once it finishes within 30 s",
    description: "Needs the use level and workflows:execute. A definition with problems is 422 listing them; an input that misses the start node's required fields is 422 per field. A run still going after 30 s answers 202 with its status; follow it at /executions/{id} or /ws/executions/{id}.",
    params: s.workflowIdParam, query: s.waitQuery, body: s.executeBody, status: 202, alsoReturns: [200], response: s.execution, errors: [403, 404, 422],
    handler: async (ctx, { params, query, body }) =>
      runReply(await executeWorkflow(ctx, params.workflow_id, { input: body.input, wait: body.wait || query.wait, version: body.version, signal: ctx.request.signal })),
  }),
  route({
    method: "GET", path: "/workflows/{workflow_id}/export", auth: "user", tags: TAGS,
    summary: "Export: `{format: \"atrium.workflow/v1\", name, description, definition, exported_at}` (no ids, secrets or runs)",
    params: s.workflowIdParam, status: 200, response: s.exportDoc, errors: [404, 422],
    handler: (ctx, { params }) => exportWorkflow(ctx, params.workflow_id),
  }),
  route({
    method: "GET", path: "/workflows/{workflow_id}/versions", auth: "user", tags: TAGS,
    summary: "Every saved version, newest first (without graphs), and the current version number",
    params: s.workflowIdParam, status: 200, response: s.versionList, errors: [404, 422],
    handler: (ctx, { params }) => listVersions(ctx, params.workflow_id),
  }),
  route({
    method: "GET", path: "/workflows/{workflow_id}/versions/{v}", auth: "user", tags: TAGS,
    summary: "One version with its graph",
    params: s.versionParams, status: 200, response: s.versionDetail, errors: [404, 422],
    handler: (ctx, { params }) => getVersion(ctx, params.workflow_id, params.v),
  }),
  route({
    method: "POST", path: "/workflows/{workflow_id}/versions/{v}/rollback", auth: "user", tags: TAGS,
    summary: "Roll back: a new version equal to version v (nothing is lost; the message says which version it restores)",
    params: s.versionParams, status: 200, response: s.workflow, errors: [403, 404, 422],
    handler: (ctx, { params }) => rollbackWorkflow(ctx, params.workflow_id, params.v),
  }),
];
