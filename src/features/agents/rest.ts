import "server-only";
import { idParam } from "@/lib/wire";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { createAgent, deleteAgent, getAgent, listAgents, setStatus, updateAgent } from "./service/agents";
import { duplicateAgent, exportAgent, importAgent } from "./service/transfer";
import { listVersions, rollback } from "./service/versions";
import { makeMainAgent } from "./service/main-agent";

const AGENTS = ["Agents"];

/** Seed 004's agents module. */
export const agentRoutes = [
  route({
    method: "GET", path: "/agents", auth: "user", tags: AGENTS,
    summary: "Your agents, most recently changed first: `page` (from 1) and `page_size` (≤ 100), `search` on the name, `status` filter",
    query: s.listQuery, status: 200, response: s.agentPage, errors: [422],
    handler: (ctx, { query }) => listAgents(ctx, query),
  }),
  route({
    method: "POST", path: "/agents", auth: "user", tags: AGENTS,
    summary: "Create an agent (version 1, draft)",
    description:
      "`model_config` is `{model_config_id}` (one of your model configs, optionally with temperature / max_tokens overrides) or inline `{provider, model_name, temperature}` (run with your model config for that provider); absent or null: the built-in offline model. `include_tools` names built-in tools (current_time, calculator, http_get, json_extract, search_my_data). `approval_tools` (of those) are tools whose calls wait for your approval: the run pauses (status `waiting`) until you decide at /api/approvals. `workflow_config` is stored as given.",
    body: s.agentCreate, status: 201, response: s.agent, errors: [422],
    handler: (ctx, { body }) => createAgent(ctx, body),
  }),
  route({
    method: "POST", path: "/agents/import", auth: "user", tags: AGENTS,
    summary: "Import an agent from its export document (format \"atrium.agent\", version 1) as a new draft",
    description: "Invalid documents answer 422 with one issue per field (e.g. `body.agent.iteration_limit`).",
    body: s.exportedAgent, status: 201, response: s.agent, errors: [422],
    handler: (ctx, { body }) => importAgent(ctx, body),
  }),
  route({
    method: "GET", path: "/agents/{id}", auth: "user", tags: AGENTS,
    summary: "One of your agents",
    params: idParam, status: 200, response: s.agent, errors: [404],
    handler: (ctx, { params }) => getAgent(ctx, params.id),
  }),
  route({
    method: "PUT", path: "/agents/{id}", auth: "user", tags: AGENTS,
    summary: "Change an agent: only the fields sent change; every real change increments `version` and is kept",
    params: idParam, body: s.agentUpdate, status: 200, response: s.agent, errors: [404, 422],
    handler: (ctx, { params, body }) => updateAgent(ctx, params.id, body),
  }),
  route({
    method: "DELETE", path: "/agents/{id}", auth: "user", tags: AGENTS,
    summary: "Delete an agent (owner or admin) with its versions and conversations",
    params: idParam, status: 204, errors: [404],
    handler: (ctx, { params }) => deleteAgent(ctx, params.id),
  }),
  route({
    method: "POST", path: "/agents/{id}/deploy", auth: "user", tags: AGENTS,
    summary: "Mark the agent deployed",
    params: idParam, status: 200, response: s.agent, errors: [404],
    handler: (ctx, { params }) => setStatus(ctx, params.id, "deployed"),
  }),
  route({
    method: "POST", path: "/agents/{id}/stop", auth: "user", tags: AGENTS,
    summary: "Mark the agent stopped",
    params: idParam, status: 200, response: s.agent, errors: [404],
    handler: (ctx, { params }) => setStatus(ctx, params.id, "stopped"),
  }),
  route({
    method: "POST", path: "/agents/{id}/duplicate", auth: "user", tags: AGENTS,
    summary: "Deep-copy the agent as a new draft named \"<name> (copy)\" at version 1",
    params: idParam, status: 201, response: s.agent, errors: [404],
    handler: (ctx, { params }) => duplicateAgent(ctx, params.id),
  }),
  route({
    method: "GET", path: "/agents/{id}/export", auth: "user", tags: AGENTS,
    summary: "Export as JSON: {format: \"atrium.agent\", version: 1, agent: {...}} with no secrets or ids",
    params: idParam, status: 200, response: s.exportedAgent, errors: [404],
    handler: (ctx, { params }) => exportAgent(ctx, params.id),
  }),
  route({
    method: "GET", path: "/agents/{id}/versions", auth: "user", tags: AGENTS,
    summary: "Every saved version, newest first, each with its whole configuration",
    params: idParam, status: 200, response: s.versionList, errors: [404],
    handler: (ctx, { params }) => listVersions(ctx, params.id),
  }),
  route({
    method: "POST", path: "/agents/{id}/versions/{version}/rollback", auth: "user", tags: AGENTS,
    summary: "Roll back: a new version equal to the given one (history is kept)",
    params: s.versionParams, status: 200, response: s.agent, errors: [404],
    handler: (ctx, { params }) => rollback(ctx, params.id, params.version),
  }),
  route({
    method: "POST", path: "/agents/{id}/create-main-agent", auth: "user", tags: AGENTS,
    summary: "Make this your main agent (at most one; the previous main agent stops being it)",
    params: idParam, status: 200, response: s.agent, errors: [404],
    handler: (ctx, { params }) => makeMainAgent(ctx, params.id),
  }),
];
