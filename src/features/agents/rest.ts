import "server-only";
import { z } from "zod";
import { idParam } from "@/lib/wire";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { createAgent, deleteAgent, getAgent, listAgents, setStatus, updateAgent } from "./service/agents";
import { duplicateAgent, exportAgent, importAgent } from "./service/transfer";
import { listVersions, rollback } from "./service/versions";
import { executeAgent } from "./service/execute";
import { executeRequest } from "./service/execute-schemas";
import { runResult } from "@/features/chat/orchestrate-schemas";
import { deliverRun } from "@/features/chat/deliver";
import { chatMessage } from "@/features/chat/schemas";
import { makeMainAgent, previewChatHistory } from "./service/main-agent";

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
      "`model_config` is `{model_config_id}` (one of your model configs, optionally with temperature / max_tokens overrides) or inline `{provider, model_name, temperature}` (run with your model config for that provider); absent or null: the built-in offline model. `include_tools` names built-in tools (current_time, calculator, http_get, json_extract, search_my_data). `workflow_config` is stored as given.",
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
  // POST /agents/{id}/execute: the agent alone or a multi-agent run built around it (service/execute-schemas.ts).
  route({
    method: "POST", path: "/agents/{id}/execute", auth: "user", tags: AGENTS,
    summary: "Execute the agent: `agent`, `sequential`, `pipeline`, `debate` or `graph` mode",
    description:
      "`agent`: this agent answers `input`. `sequential`: this agent, then each of `agent_ids`, each given the previous output. `pipeline`: the agent nodes of this agent's `workflow_config` in topological order, as a chain. `debate`: this agent and `agent_ids` debate for `rounds` (default 2), then `judge_agent_id` (default this agent) gives the verdict. `graph`: the `workflow_config` nodes and edges, each agent node given its predecessors' outputs. In `workflow_config` a node of type `agent` (or with an `agent_id`) runs its `agent_id` (or `data.agent_id`), else this agent; other nodes (`start`, `end`) pass inputs through. A cycle or a workflow without an agent node is a 422 with `workflow_config.*` issue paths. Every agent must be yours (404). The answer and the SSE events (`stream: true` or `Accept: text/event-stream`) are those of POST /agent-chat/orchestrate.",
    params: idParam, body: executeRequest, status: 200, response: runResult, errors: [400, 404, 422, 503],
    handler: async (ctx, { params, body }) => deliverRun(ctx, await executeAgent(ctx, params.id, body), "execute", body.stream),
  }),
  route({
    method: "POST", path: "/agents/{id}/create-main-agent", auth: "user", tags: AGENTS,
    summary: "Make this your main agent (at most one; the previous main agent stops being it)",
    params: idParam, status: 200, response: s.agent, errors: [404],
    handler: (ctx, { params }) => makeMainAgent(ctx, params.id),
  }),
  route({
    method: "GET", path: "/agents/{id}/preview-chat-history", auth: "user", tags: AGENTS,
    summary: "The designer's preview conversation: your latest chat with this agent, a page at a time",
    params: idParam, query: s.previewQuery, status: 200,
    response: z.object({ session_id: z.string().nullable(), messages: z.array(chatMessage), has_more: z.boolean() }),
    errors: [404],
    handler: (ctx, { params, query }) => previewChatHistory(ctx, params.id, query),
  }),
];
