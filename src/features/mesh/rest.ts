import "server-only";
import { z } from "zod";
import { route, type RouteDef } from "@/server/http/route-table";
import { broadcast, streamMeshEvents } from "./deliver";
import {
  agentRegistered,
  agentRegistration,
  broadcastBody,
  broadcastDelivered,
  eventsQuery,
  meshAgent,
  meshHealth,
  spaceCreate,
  spaceCreated,
  spaceDetail,
  spaceIdParam,
  taskAccepted,
  taskDetail,
  taskIdParam,
  taskListQuery,
  taskSubmission,
  taskSummary,
  wsInfo,
} from "./schemas";
import { healthOverview, listAgents, registerAgent, unregisterAgent } from "./service/agents";
import { createSpace, getSpace } from "./service/spaces";
import { getTask, listTasks, submitTask } from "./service/tasks";

const TAGS = ["agentmesh"];
const SCOPE = "Everything is the caller's own: another user's agents, tasks and spaces answer 404.";

/** Seed 001's agentmesh routes: `/health`, `/agents`, `/tasks`, `/spaces`, `/events`, `/broadcast`, `/ws-info`. */
export const meshRoutes: RouteDef[] = [
  route({
    method: "GET", path: "/health", auth: "public", tags: TAGS, logLevel: "debug",
    summary: "Health check with the agent status overview (the caller's agents; none without credentials)",
    status: 200, response: meshHealth,
    handler: ({ db, viewer }) => healthOverview(db, viewer),
  }),
  route({
    method: "GET", path: "/agents", auth: "user", tags: TAGS,
    summary: "The agents registered in the caller's mesh, newest seen first",
    description: "`/agents` is also the Agents page: API clients (an `Authorization` header, or `Accept: application/json` without `text/html`) get this JSON, browsers the page.",
    status: 200, response: z.array(meshAgent), errors: [401],
    handler: ({ db, viewer }) => listAgents(db, viewer.userId),
  }),
  route({
    method: "POST", path: "/agents", auth: "user", tags: TAGS,
    summary: "Register an agent (again: updates it and marks it online and seen now)",
    description: "An external agent (`type` other than `atrium`) gets its tasks POSTed to `endpoint` as an AgentMessage and answers `{result}` (or `{error: {code, message}}`, any JSON, or text). `type: \"atrium\"` with `id` an Atrium agent's id (yours, or shared with you to use) runs its tasks here. " + SCOPE,
    body: agentRegistration, status: 201, response: agentRegistered, errors: [401, 404, 409, 422],
    handler: async ({ db, viewer }, { body }) => {
      const agent = await registerAgent(db, viewer, body);
      return { id: agent.key, status: "registered" as const };
    },
  }),
  route({
    method: "DELETE", path: "/agents/{agentId}", auth: "user", tags: TAGS,
    summary: "Unregister an agent of the caller's mesh",
    params: z.object({ agentId: z.string().max(100) }), status: 204, errors: [401, 404],
    handler: async ({ db, viewer }, { params }) => unregisterAgent(db, viewer.userId, params.agentId),
  }),
  route({
    method: "POST", path: "/tasks", auth: "user", tags: TAGS,
    summary: "Submit a task; it is routed to one agent and runs in the background (202)",
    description:
      "Routing: `target` (an agent id) first; else `payload.capabilities` (all of them); else the task's words matched against the agents' capabilities; else an agent offering `general`; else any agent not offline. None: 404 AGENT_NOT_FOUND. `payload.context.shared_space_id` gives the task the space's messages as context and adds its prompt and answer to them. Follow it with `GET /tasks/{taskId}` or `/events?taskId=`.",
    body: taskSubmission, status: 202, response: taskAccepted, errors: [401, 404, 422, 429],
    handler: ({ db, viewer }, { body }) => submitTask(db, viewer, body),
  }),
  route({
    method: "GET", path: "/tasks", auth: "user", tags: TAGS,
    summary: "The caller's tasks, newest first",
    query: taskListQuery, status: 200, response: z.array(taskSummary), errors: [401, 422],
    handler: ({ db, viewer }, { query }) => listTasks(db, viewer.userId, query),
  }),
  route({
    method: "GET", path: "/tasks/{taskId}", auth: "user", tags: TAGS,
    summary: "A task's status and result (`error` {code, message} when it failed)",
    description: SCOPE,
    params: taskIdParam, status: 200, response: taskDetail, errors: [401, 404],
    handler: ({ db, viewer }, { params }) => getTask(db, viewer.userId, params.taskId),
  }),
  route({
    method: "POST", path: "/spaces", auth: "user", tags: TAGS,
    summary: "Create a shared context space for several tasks",
    body: spaceCreate, status: 201, response: spaceCreated, errors: [401, 409, 422],
    handler: ({ db, viewer }, { body }) => createSpace(db, viewer.userId, body.metadata),
  }),
  route({
    method: "GET", path: "/spaces/{spaceId}", auth: "user", tags: TAGS,
    summary: "A shared space: its metadata, counts and newest messages",
    description: SCOPE,
    params: spaceIdParam, status: 200, response: spaceDetail, errors: [401, 404],
    handler: ({ db, viewer }, { params }) => getSpace(db, viewer.userId, params.spaceId),
  }),
  route({
    method: "GET", path: "/events", auth: "user", tags: TAGS,
    summary: "The caller's mesh events as Server-Sent Events, optionally only one task's or one space's",
    description:
      "Each event is `data: {\"type\": ...}` (task.submitted, task_status, task.completed, task.failed, agent.registered, broadcasts; `connected`, `welcome` and `heartbeat` carry no id). Reconnect with `Last-Event-ID` (or `?lastEventId=`) to get exactly the events after it.",
    query: eventsQuery, status: 200, errors: [401, 404, 422],
    handler: ({ db, viewer, request }, { query }) => streamMeshEvents(db, viewer.userId, request, { taskId: query.taskId, spaceId: query.spaceId }),
  }),
  route({
    method: "POST", path: "/broadcast", auth: "user", tags: TAGS,
    summary: "Send an event to every `/events` client of the caller",
    description: "`delivered` counts the caller's clients connected to this server process.",
    body: broadcastBody, status: 200, response: broadcastDelivered, errors: [401, 422],
    handler: ({ viewer }, { body }) => broadcast(viewer.userId, body.type, body.data),
  }),
  route({
    method: "GET", path: "/ws-info", auth: "public", tags: TAGS,
    summary: "Where the real-time stream is (Server-Sent Events at /events)",
    status: 200, response: wsInfo,
    handler: async ({ request }) => {
      const origin = new URL(request.url).origin;
      return {
        message: "Use /events for Server-Sent Events streaming",
        endpoints: { events: "/events?taskId=<task_id>&spaceId=<space_id>", description: "Subscribe to real-time task updates and agent responses" },
        example: `curl -N -H 'Authorization: Bearer <api key>' ${origin}/events?taskId=<task_id>`,
      };
    },
  }),
];
