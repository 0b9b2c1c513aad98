import "server-only";
import { route, type RouteDef } from "@/server/http/route-table";
import { streamCommsEvents } from "./deliver";
import * as s from "./schemas";
import { dispatchTask } from "./service/dispatch";
import { listEvents } from "./service/events";
import { observeGatewayDeliveries } from "./service/observe";
import { sendComms } from "./service/send";
import { buildTopology } from "./service/topology";

// Whatever process serves these routes also serves /gateway/send: its deliveries become comms events.
observeGatewayDeliveries();

const TAGS = ["Comms"];
const SCOPE = "Everything is the caller's own: their agents, gateway agents, channels and events.";

/** Seed 000's comms routes: `/api/comms/topology`, events, events/stream, send, task. */
export const commsRoutes: RouteDef[] = [
  route({
    method: "GET", path: "/comms/topology", auth: "user", tags: TAGS,
    summary: "The comms graph: Atrium agents, gateway agents (online state), channels, peers; edges = who messaged whom in the last 24 h, and channel membership",
    description: SCOPE,
    status: 200, response: s.topology, errors: [401],
    handler: ({ db, viewer }) => buildTopology(db, viewer.userId),
  }),
  route({
    method: "GET", path: "/comms/events", auth: "user", tags: TAGS,
    summary: "Recent comms events, newest first (sends, gateway deliveries and failures, agent replies, channel messages, dispatched tasks)",
    description: "The newest 1,000 events per person are kept. Each carries `stream_id`: open /comms/events/stream with it as Last-Event-ID to get what came after.",
    query: s.eventsQuery, status: 200, response: s.eventList, errors: [401, 422],
    handler: ({ db, viewer }, { query }) => listEvents(db, viewer.userId, query.limit),
  }),
  route({
    method: "GET", path: "/comms/events/stream", auth: "user", tags: TAGS,
    summary: "Comms events live, as Server-Sent Events",
    description: "Each event is `data: <event>` (as /comms/events lists it) with `id: <stream id>`. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to replay exactly the events after it (up to the 1,000 kept).",
    status: 200, errors: [401],
    handler: async ({ viewer, request }) => streamCommsEvents(viewer.userId, request),
  }),
  route({
    method: "POST", path: "/comms/send", auth: "user", tags: TAGS,
    summary: "Send a message to agent:<id>, gateway:<agent_id> or channel:<name>",
    description:
      "`agent:<uuid>`: one of your Atrium agents (or one shared with you to use) answers in the background: 202-like `status: queued`, the reply arrives as an `agent.reply` event addressed to `from`. `gateway:<agent_id>`: the agent gateway's send (pushed to the webhook now: `sent`; 404 offline, 502 webhook failure, retried). `channel:<name>`: recorded, and pushed to every online gateway agent whose registration's `metadata.channels` lists the name (`from_agent_id: \"channel:<name>\"`, `metadata.sender`); `recipients` lists them. Another `to` is 422.",
    body: s.sendBody, status: 200, response: s.sendResult, errors: [401, 404, 422, 502],
    handler: ({ db, viewer }, { body }) => sendComms(db, viewer, body),
  }),
  route({
    method: "POST", path: "/comms/task", auth: "user", tags: TAGS,
    summary: "Dispatch a task to the best agent by capability, and say where it went",
    description:
      "Rule: with `capability`, an online gateway agent listing it, else one of your Atrium agents with a tool of that name or the word in its name or description. Without, the agent whose skills (gateway capabilities; Atrium tools and description words) share the most words with the task; ties go to gateway agents, then the most recently active. Nothing matches: your main agent, else 404. The task is then sent as a message (`status: queued`).",
    body: s.taskBody, status: 200, response: s.taskResult, errors: [401, 404, 422],
    handler: ({ db, viewer }, { body }) => dispatchTask(db, viewer, body),
  }),
];
