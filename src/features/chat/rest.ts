import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { chatReply, chatStream } from "./service/reply";

const CHAT = ["Agent chat"];
const STREAM_DESCRIPTION =
  "Server-Sent Events: `token` {content} (text as it is generated), `tool_call` {id, name, arguments}, `tool_result` {id, name, result}, then `done` {session_id, message_id, token_usage: {input_tokens, output_tokens}, finish_reason} or `error` {message}. The session id is also sent in the `X-Session-Id` header. Closing the connection cancels the model call.";
const BODY_DESCRIPTION =
  "`session_id` continues a conversation from its latest message (each message is stored with its parent, so conversations are trees). `streamlined: true` leaves tool traffic out. The agent loop runs tools until the model answers or the agent's iteration_limit is reached (`finish_reason: \"iteration_limit\"`).";

/** Seed 004's agent-chat module: chat and stream, with an agent or bare. */
export const chatRoutes = [
  route({
    method: "POST", path: "/agent-chat/bare", auth: "user", tags: CHAT,
    summary: "Chat without an agent: your default model config, else the built-in offline model",
    description: BODY_DESCRIPTION,
    body: s.chatRequest, status: 200, response: s.chatReply, errors: [400, 404, 422, 503],
    handler: (ctx, { body }) => chatReply(ctx, null, body, ctx.request.signal),
  }),
  route({
    method: "POST", path: "/agent-chat/bare/stream", auth: "user", tags: CHAT,
    summary: "Chat without an agent, streamed (SSE)",
    description: `${STREAM_DESCRIPTION} ${BODY_DESCRIPTION}`,
    body: s.chatRequest, status: 200, errors: [400, 404, 422],
    handler: (ctx, { body }) => chatStream(ctx, null, body, ctx.request),
  }),
  route({
    method: "POST", path: "/agent-chat/{agent_id}", auth: "user", tags: CHAT,
    summary: "Chat with one of your agents: the whole reply as JSON",
    description: BODY_DESCRIPTION,
    params: s.agentIdParam, body: s.chatRequest, status: 200, response: s.chatReply, errors: [400, 404, 422, 503],
    handler: (ctx, { params, body }) => chatReply(ctx, params.agent_id, body, ctx.request.signal),
  }),
  route({
    method: "POST", path: "/agent-chat/{agent_id}/stream", auth: "user", tags: CHAT,
    summary: "Chat with one of your agents, streamed (SSE)",
    description: `${STREAM_DESCRIPTION} ${BODY_DESCRIPTION}`,
    params: s.agentIdParam, body: s.chatRequest, status: 200, errors: [400, 404, 422],
    handler: (ctx, { params, body }) => chatStream(ctx, params.agent_id, body, ctx.request),
  }),
];
