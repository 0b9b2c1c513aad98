import "server-only";
import { route } from "@/server/http/route-table";
import * as b from "./branch-schemas";
import * as o from "./orchestrate-schemas";
import * as s from "./schemas";
import { chatAnswer, deliverChat, deliverRun, runAnswerOf, runEventStream, wantsEventStream } from "./deliver";
import { runRoutes } from "./runs/rest";
import { orchestrate, orchestrateGraph } from "./service/orchestrate";
import { runSwarm } from "./service/swarm";
import { branchOfReply, createBranch, deleteBranch, getBranch, listBranches, resumeBranch } from "./service/branches";
import { startChat } from "./service/run";
import { z } from "zod";
import { idParam } from "@/lib/wire";
import { executeRequest } from "./execute-schemas";
import { executeAgent } from "./service/execute";
import { previewChatHistory } from "./service/preview";

const CHAT = ["Agent chat"];
const STREAM_DESCRIPTION =
  "Server-Sent Events: `token` {content} (text as it is generated), `tool_call` {id, name, arguments}, `tool_result` {id, name, result}, then `done` {session_id, message_id, token_usage: {input_tokens, output_tokens}, finish_reason} or `error` {message}. The session id is also sent in the `X-Session-Id` header. Each event carries an `id:`; reconnect to GET /api/v1/agent-runs/{run_id}/events with `Last-Event-ID` (the run id is in the `X-Run-Id` header) for the rest. Closing the connection cancels the model call unless the body says `continue_on_disconnect: true`.";
const BODY_DESCRIPTION =
  "`session_id` continues a conversation from its latest message (each message is stored with its parent, so conversations are trees). `streamlined: true` leaves tool traffic out. The agent loop runs tools until the model answers or the agent's iteration_limit is reached (`finish_reason: \"iteration_limit\"`).";

const BRANCHES = ["Agent chat: branches"];
const BRANCH_DESCRIPTION =
  "A conversation is a tree of messages; a branch is the path from the root to a tip message and is named by that message's id (`branch_id`). Listing gives one branch per leaf. Continuing a branch adds messages below its tip, so the continued branch is then named by the reply's `message_id`.";

const ORCHESTRATE = ["Agent chat: orchestration"];
const RUN_DESCRIPTION =
  "Every agent must be yours (404 otherwise). Each run is stored as a chat session (`session_id`; readable with the history and branch endpoints) whose messages are the steps' prompts and answers, each answer tagged with its agent; every model call is metered. JSON: the whole result once the run is done (a failed step answers 503). Streamed (`stream: true` in the body or `Accept: text/event-stream`): Server-Sent Events `step_started` {step, agent_id, agent_name, role, label}, `token` {step, content}, `tool_call` {step, id, name, arguments}, `tool_result` {step, id, name, result}, `step_finished` {step, agent_id, output, token_usage, status}, then `done` (the same result as the JSON answer: {session_id, mode, steps, output, token_usage, routed_to}) or `error` {message, step}. Each event carries an `id:`; reconnect to GET /api/v1/agent-runs/{run_id}/events with `Last-Event-ID` (run id in the `X-Run-Id` header) for the rest. Closing the connection cancels the model call in progress and the run, unless the body says `continue_on_disconnect: true`.";

/** Seed 004's agent-chat module: chat and stream, with an agent or bare. */
export const chatRoutes = [
  route({
    method: "POST", path: "/agent-chat/bare", auth: "user", tags: CHAT,
    summary: "Chat without an agent: your default model config, else the built-in offline model",
    description: BODY_DESCRIPTION,
    body: s.chatRequest, status: 200, response: s.chatReply, errors: [400, 404, 422, 503],
    handler: async (ctx, { body }) => chatAnswer(ctx, await startChat(ctx, null, body)),
  }),
  route({
    method: "POST", path: "/agent-chat/bare/stream", auth: "user", tags: CHAT,
    summary: "Chat without an agent, streamed (SSE)",
    description: `${STREAM_DESCRIPTION} ${BODY_DESCRIPTION}`,
    body: s.chatRequest, status: 200, errors: [400, 404, 422],
    handler: async (ctx, { body }) => runEventStream(ctx, await startChat(ctx, null, body), "chat"),
  }),
  route({
    method: "POST", path: "/agent-chat/{agent_id}", auth: "user", tags: CHAT,
    summary: "Chat with one of your agents: the whole reply as JSON",
    description: BODY_DESCRIPTION,
    params: s.agentIdParam, body: s.chatRequest, status: 200, response: s.chatReply, errors: [400, 404, 422, 503],
    handler: async (ctx, { params, body }) => chatAnswer(ctx, await startChat(ctx, params.agent_id, body)),
  }),
  route({
    method: "POST", path: "/agent-chat/{agent_id}/stream", auth: "user", tags: CHAT,
    summary: "Chat with one of your agents, streamed (SSE)",
    description: `${STREAM_DESCRIPTION} ${BODY_DESCRIPTION}`,
    params: s.agentIdParam, body: s.chatRequest, status: 200, errors: [400, 404, 422],
    handler: async (ctx, { params, body }) => runEventStream(ctx, await startChat(ctx, params.agent_id, body), "chat"),
  }),
  // Branches of a conversation.
  route({
    method: "POST", path: "/agent-chat/branches", auth: "user", tags: BRANCHES,
    summary: "Fork a conversation at a message; with `message`, edit (user message) or continue from it and get the reply",
    description: `${BRANCH_DESCRIPTION} Without \`message\` the session continues from \`from_message_id\` and 201 {branch, reply: null} answers. With \`message\`, editing a user message adds the new text as its sibling (same parent) and continuing any other message adds it below; the agent answers as JSON (201 {branch, reply}) or, with \`Accept: text/event-stream\`, as the chat stream (200, events as on /agent-chat/{agent_id}/stream; \`done.message_id\` names the new branch).`,
    body: b.branchCreate, status: 201, response: b.branchCreated, alsoReturns: [200], errors: [400, 404, 422, 503],
    handler: async (ctx, { body }) => {
      const started = await createBranch(ctx, body);
      if (!("run" in started)) return started;
      if (wantsEventStream(ctx.request)) return runEventStream(ctx, started.run, "chat");
      const reply = await chatAnswer(ctx, started.run);
      return { branch: await branchOfReply(ctx, reply.session_id, reply.message_id), reply };
    },
  }),
  route({
    method: "GET", path: "/agent-chat/branches", auth: "user", tags: BRANCHES,
    summary: "A session's branches (one per leaf) in the order they were started, with the last message's preview and the length",
    description: BRANCH_DESCRIPTION,
    query: b.branchListQuery, status: 200, response: b.branchList, errors: [404, 422],
    handler: (ctx, { query }) => listBranches(ctx, query.session_id),
  }),
  route({
    method: "GET", path: "/agent-chat/branches/{branch_id}", auth: "user", tags: BRANCHES,
    summary: "A branch and one page of its messages, root → tip (`limit`, page back with `before`)",
    params: b.branchIdParam, query: b.branchPageQuery, status: 200, response: b.branchPage, errors: [404, 422],
    handler: (ctx, { params, query }) => getBranch(ctx, params.branch_id, query),
  }),
  route({
    method: "DELETE", path: "/agent-chat/branches/{branch_id}", auth: "user", tags: BRANCHES,
    summary: "Delete a branch: only the messages no other branch shares",
    description: "The tip must be a leaf (409 otherwise); a conversation's only branch is kept (409).",
    params: b.branchIdParam, status: 204, errors: [404, 409, 422],
    handler: async (ctx, { params }) => {
      await deleteBranch(ctx, params.branch_id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/agent-chat/branches/{branch_id}/resume", auth: "user", tags: BRANCHES,
    summary: "Continue the conversation from a branch's tip: the chat reply as JSON, or the chat stream with `Accept: text/event-stream`",
    description: `${BRANCH_DESCRIPTION} ${STREAM_DESCRIPTION}`,
    params: b.branchIdParam, body: b.branchResume, status: 200, response: s.chatReply, errors: [400, 404, 422, 503],
    handler: async (ctx, { params, body }) => deliverChat(ctx, await resumeBranch(ctx, params.branch_id, body), wantsEventStream(ctx.request)),
  }),
  // Multi-agent runs.
  route({
    method: "POST", path: "/agent-chat/orchestrate", auth: "user", tags: ORCHESTRATE,
    summary: "Run several of your agents on one message: `route` (one picked), `sequential` (each sees the previous output) or `debate` (rounds, then a judge)",
    description: `route: with a real default model config the model names the agent; otherwise (the built-in model) the agent whose name, description and system prompt share the most words with the message answers (\`routed_to\` says which and why). sequential: each agent gets the task and the previous agent's output; the last output is the answer. debate: \`rounds\` (default 2) in which every agent answers the others' previous positions, then \`judge_agent_id\` (default the first agent) gives the verdict. ${RUN_DESCRIPTION}`,
    body: o.orchestrateRequest, status: 200, response: o.runResult, errors: [400, 404, 422, 503],
    handler: async (ctx, { body }) => deliverRun(ctx, await orchestrate(ctx, body), "orchestrate", body.stream),
  }),
  route({
    method: "POST", path: "/agent-chat/orchestrate/graph", auth: "user", tags: ORCHESTRATE,
    summary: "Run a graph of your agents: nodes in topological order, each given its predecessors' outputs",
    description: `Nodes \`{id, agent_id}\` (an agent may appear in several nodes), edges \`{source, target}\` between node ids. A cycle, a duplicate node id or an edge to an unknown node is a 422. A node without predecessors gets the message; the others get the message and their predecessors' outputs. The answer is the sink node's output (several sinks: each, labelled). ${RUN_DESCRIPTION}`,
    body: o.graphRequest, status: 200, response: o.runResult, errors: [400, 404, 422, 503],
    handler: async (ctx, { body }) => deliverRun(ctx, await orchestrateGraph(ctx, body), "graph", body.stream),
  }),
  route({
    method: "POST", path: "/swarm/run", auth: "user", tags: ORCHESTRATE,
    summary: "Run a swarm: the first agent plans and assigns, the others work, the first synthesises (JSON)",
    description: `With one agent it plans, works and synthesises alone. \`max_rounds\` (default 1) worker rounds; from round 2 each worker sees the others' previous answers. ${RUN_DESCRIPTION}`,
    body: o.swarmRequest, status: 200, response: o.runResult, errors: [400, 404, 422, 503],
    handler: async (ctx, { body }) => runAnswerOf(ctx, await runSwarm(ctx, body), "swarm"),
  }),
  route({
    method: "POST", path: "/swarm/run/stream", auth: "user", tags: ORCHESTRATE,
    summary: "Run a swarm, streamed (SSE: step_started, token, tool_call, tool_result, step_finished, done | error)",
    description: RUN_DESCRIPTION,
    body: o.swarmRequest, status: 200, errors: [400, 404, 422],
    handler: async (ctx, { body }) => runEventStream(ctx, await runSwarm(ctx, body), "swarm"),
  }),
  ...runRoutes,
];

/**
 * Seed 004's agents module also runs agents and shows their chats; those entries live here, with
 * the runs, so that agents never depend on chat (chat uses agents).
 */
const AGENTS = ["Agents"];
export const agentRunRoutes = [
  // POST /agents/{id}/execute: the agent alone or a multi-agent run built around it (execute-schemas.ts).
  route({
    method: "POST", path: "/agents/{id}/execute", auth: "user", tags: AGENTS,
    summary: "Execute the agent: `agent`, `sequential`, `pipeline`, `debate` or `graph` mode",
    description:
      "`agent`: this agent answers `input`. `sequential`: this agent, then each of `agent_ids`, each given the previous output. `pipeline`: the agent nodes of this agent's `workflow_config` in topological order, as a chain. `debate`: this agent and `agent_ids` debate for `rounds` (default 2), then `judge_agent_id` (default this agent) gives the verdict. `graph`: the `workflow_config` nodes and edges, each agent node given its predecessors' outputs. In `workflow_config` a node of type `agent` (or with an `agent_id`) runs its `agent_id` (or `data.agent_id`), else this agent; other nodes (`start`, `end`) pass inputs through. A cycle or a workflow without an agent node is a 422 with `workflow_config.*` issue paths. Every agent must be yours (404). The answer and the SSE events (`stream: true` or `Accept: text/event-stream`) are those of POST /agent-chat/orchestrate.",
    params: idParam, body: executeRequest, status: 200, response: o.runResult, errors: [400, 404, 422, 503],
    handler: async (ctx, { params, body }) => deliverRun(ctx, await executeAgent(ctx, params.id, body), "execute", body.stream),
  }),
  route({
    method: "GET", path: "/agents/{id}/preview-chat-history", auth: "user", tags: AGENTS,
    summary: "The designer's preview conversation: your latest chat with this agent, a page at a time",
    params: idParam, query: s.previewQuery, status: 200,
    response: z.object({ session_id: z.string().nullable(), messages: z.array(s.chatMessage), has_more: z.boolean() }),
    errors: [404],
    handler: (ctx, { params, query }) => previewChatHistory(ctx, params.id, query),
  }),
];
