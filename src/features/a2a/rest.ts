import "server-only";
import { route } from "@/server/http/route-table";
import * as s from "./schemas";
import { deleteAgent, discoverAgent, getAgent, listAgents } from "./service/agents";
import { sendTask, taskStatus } from "./service/tasks";

const TAGS = ["A2A client"];

/** Seed 000's A2A client routes on the unversioned surface: `/api/a2a/agents`, discover, send, task status. */
export const a2aClientRoutes = [
  route({
    method: "POST", path: "/a2a/discover", auth: "user", tags: TAGS,
    summary: "Discover an outside A2A agent by URL: fetch its agent card and keep it",
    description:
      "Fetches `/.well-known/agent-card.json` under the URL (then seed 000's `/.well-known/agent.json`; a card's own URL works too) through Atrium's guarded outbound client (10 s, 1 MiB, public addresses only). Discovering a URL you already discovered updates that agent (credentials left out keep their stored values). 502 when the host cannot be reached, 422 (`NOT_AN_AGENT_CARD`) when what answers is not a card Atrium can use, saying why; 409 past 50 agents. The agent becomes the tool `a2a_<name>` for your agents and workflows.",
    body: s.discoverBody, status: 200, response: s.a2aAgentDetail, errors: [400, 409, 422, 502],
    handler: async (ctx, { body }) => (await discoverAgent(ctx, body)).agent,
  }),
  route({
    method: "GET", path: "/a2a/agents", auth: "user", tags: TAGS,
    summary: "Your discovered A2A agents with their skills",
    status: 200, response: s.agentList,
    handler: (ctx) => listAgents(ctx),
  }),
  route({
    method: "GET", path: "/a2a/agents/{id}", auth: "user", tags: TAGS,
    summary: "One discovered A2A agent: its card, skills and last error",
    params: s.agentRef, status: 200, response: s.a2aAgentDetail, errors: [404],
    handler: (ctx, { params }) => getAgent(ctx, params.id),
  }),
  route({
    method: "DELETE", path: "/a2a/agents/{id}", auth: "user", tags: TAGS,
    summary: "Remove a discovered A2A agent (and the tasks sent to it)",
    params: s.agentRef, status: 204, errors: [404],
    handler: async (ctx, { params }) => {
      await deleteAgent(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  }),
  route({
    method: "POST", path: "/a2a/send", auth: "user", tags: TAGS,
    summary: "Send a message to a discovered A2A agent as a task",
    description: "Answers at once (202) with the task, `submitted`; a background job sends it with the official A2A client and follows the outside agent's task until it ends (at most A2A_TASK_TIMEOUT_MS, 10 minutes). Poll `GET /api/a2a/tasks/{id}/status`.",
    body: s.sendBody, status: 202, response: s.a2aTask, errors: [404],
    handler: (ctx, { body }) => sendTask(ctx, body),
  }),
  route({
    method: "GET", path: "/a2a/tasks/{id}/status", auth: "user", tags: TAGS,
    summary: "A sent task's state, answer and error",
    description: "A task not yet settled is asked about at the outside agent (GetTask) before answering. States: submitted, working, input_required, auth_required, completed, failed, canceled, rejected.",
    params: s.taskRef, status: 200, response: s.a2aTask, errors: [404],
    handler: (ctx, { params }) => taskStatus(ctx, params.id),
  }),
];
