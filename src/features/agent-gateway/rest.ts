import "server-only";
import { route, type RouteDef } from "@/server/http/route-table";
import * as s from "./schemas";
import { listDeliveries, sendMessage } from "./service/deliveries";
import { agentStatus, gatewayHealth, heartbeat, listAgents, registerAgent, unregisterAgent } from "./service/registry";
import { enqueueDelivery } from "./service/runner";

const TAGS = ["Agent gateway"];
const SCOPE = "Registrations belong to the API key's owner: another owner's agent_id is unknown here (404).";
const SIGNATURE =
  "Every push is signed: `X-Atrium-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(webhook_secret, \"<t>.<raw body>\")>`; also `X-Atrium-Message-Id` and `X-Atrium-Delivery-Attempt`.";

/** Seed 002's agent gateway at `/gateway/*`: register, heartbeat, unregister, agents, status, send, health (+ deliveries). */
export const agentGatewayRoutes: RouteDef[] = [
  route({
    method: "POST", path: "/register", auth: "user", tags: TAGS,
    summary: "Register an agent with the webhook its messages are pushed to (again: updates it, online now)",
    description: `Answers 002's \`{status, agent_id}\` plus \`webhook_secret\`, shown only here; every registration issues a new one. ${SIGNATURE} \`metadata.channels\` (names) subscribes the agent to comms channels. ${SCOPE}`,
    body: s.registration, status: 200, response: s.registered, errors: [401, 409, 422],
    handler: ({ db, viewer }, { body }) => registerAgent(db, viewer.userId, body),
  }),
  route({
    method: "POST", path: "/heartbeat", auth: "user", tags: TAGS,
    summary: "Keep an agent online (every 30 s; offline after 60 s without one)",
    description: SCOPE,
    body: s.agentRef, status: 200, response: s.ok, errors: [401, 404, 422],
    handler: ({ db, viewer }, { body }) => heartbeat(db, viewer.userId, body.agent_id),
  }),
  route({
    method: "POST", path: "/unregister", auth: "user", tags: TAGS,
    summary: "Unregister an agent: it is offline until it registers again",
    description: SCOPE,
    body: s.agentRef, status: 200, response: s.unregistered, errors: [401, 404, 422],
    handler: ({ db, viewer }, { body }) => unregisterAgent(db, viewer.userId, body.agent_id),
  }),
  route({
    method: "GET", path: "/agents", auth: "user", tags: TAGS,
    summary: "Your registered agents (online only unless online_only=false), optionally of one agent_type",
    query: s.listQuery, status: 200, response: s.agentList, errors: [401, 422],
    handler: ({ db, viewer }, { query }) => listAgents(db, viewer.userId, query),
  }),
  route({
    method: "GET", path: "/status/{agent_id}", auth: "user", tags: TAGS,
    summary: "One agent's online state and last heartbeat",
    description: SCOPE,
    params: s.statusParams, status: 200, response: s.agentStatusBody, errors: [401, 404],
    handler: ({ db, viewer }, { params }) => agentStatus(db, viewer.userId, params.agent_id),
  }),
  route({
    method: "POST", path: "/send", auth: "user", tags: TAGS,
    summary: "Send a message to an online agent: pushed to its webhook in 002's body",
    description: `The push body is \`{message_id, conversation_id, from_agent_id, content, metadata, timestamp}\`. 404 when the target is unknown or offline; 502 when the webhook answers other than 2xx, cannot be reached or does not answer within 10 s (AGENT_GATEWAY_WEBHOOK_TIMEOUT_MS): the reason is in \`detail\`, recorded, and the message is retried in the background with backoff (see /gateway/deliveries). ${SIGNATURE}`,
    body: s.sendBody, status: 200, response: s.sent, errors: [401, 404, 422, 429, 502],
    handler: ({ db, viewer }, { body }) => sendMessage(db, viewer.userId, body, enqueueDelivery),
  }),
  route({
    method: "GET", path: "/health", auth: "public", tags: TAGS, logLevel: "debug",
    summary: "Gateway state: version, uptime, and the caller's registered and online agents (0 without credentials)",
    status: 200, response: s.health,
    handler: ({ db, viewer }) => gatewayHealth(db, viewer?.userId ?? null),
  }),
  route({
    method: "GET", path: "/deliveries", auth: "user", tags: TAGS,
    summary: "Atrium's addition to 002: your messages, newest first, with every push attempt (when, status code, error)",
    query: s.deliveriesQuery, status: 200, response: s.deliveryList, errors: [401, 422],
    handler: ({ db, viewer }, { query }) => listDeliveries(db, viewer.userId, query),
  }),
];
