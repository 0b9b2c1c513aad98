import "server-only";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { getEventBus } from "@/server/events";
import { route, type RouteDef } from "@/server/http/route-table";
import { deliverThread, emptyEventStream } from "./deliver";
import * as s from "./schemas";
import { cancelRun } from "./service/cancel";
import { threadHistory, userHistory } from "./service/history";
import { replayFrom } from "./service/replay";
import { ownThread, startRun } from "./service/start";
import { threadStream } from "./service/stream";

const TAGS = ["Agent Runtime (AG-UI)"];

const EVENTS_DESCRIPTION =
  "AG-UI events (`@ag-ui/core` types): RUN_STARTED first, TEXT_MESSAGE_START/CONTENT/END, TOOL_CALL_START/ARGS/END (and TOOL_CALL_RESULT for the agent's own tools), then RUN_FINISHED or RUN_ERROR last. " +
  "A call to one of the request's frontend `tools` ends the run with RUN_FINISHED whose `outcome` is `{type: \"success\", pendingToolCallIds: [...]}`: send the results as `tool` messages to `POST /agent/runs/{thread_id}/resume` (or in the next run's messages).";

async function latestRun(db: Db, threadId: string) {
  return db.aguiRun.findFirst({ where: { threadId }, orderBy: { createdAt: "desc" }, select: { id: true, status: true } });
}

function mustMatchPath(pathThreadId: string, bodyThreadId: string) {
  if (pathThreadId !== bodyThreadId) {
    throw new AppError("VALIDATION_ERROR", "threadId must match the thread_id of the path", { issues: [{ path: "threadId", message: "threadId must match the thread_id of the path" }] });
  }
}

/** Seed 003's Agent Runtime (`/agent/runs`, resume, events, history) and the single-request AG-UI endpoint, on /api/v1. */
export const agentRuntimeRoutes: RouteDef[] = [
  route({
    method: "POST", path: "/agent/runs", auth: "user", tags: TAGS,
    summary: "Start an agent run (AG-UI RunAgentInput); it runs in the background: read its events at GET /agent/runs/{thread_id}/events",
    description:
      "The first run on a `threadId` creates the thread (yours from then on: 403 for anyone else) with its agent: `forwardedProps.agentId` if given (an agent you may use), else your main agent, else your default model without tools. " +
      "Messages are added to the thread by `id` (ids it already has are skipped, so sending the whole conversation each time is fine). Posting a `runId` the thread already has answers that run again and starts nothing. " +
      "One run at a time per thread (409 while one is queued or running). " + EVENTS_DESCRIPTION,
    body: s.runAgentInput, status: 202, response: s.runAccepted, errors: [401, 403, 404, 409, 422],
    handler: (ctx, { body }) => startRun(ctx, body, { resume: false, agent: { kind: "input" } }),
  }),
  route({
    method: "POST", path: "/agent/runs/{thread_id}/resume", auth: "user", tags: TAGS,
    summary: "Continue a thread whose run paused at frontend tool calls, with the results as `tool` messages (`toolCallId` names the call)",
    description: "`threadId` must be the path's `thread_id` (422). 409 when no run of the thread waits for tool results; 422 for a tool message that answers no call the run waits for. The new run's events follow on the same events stream.",
    params: s.threadIdParam, body: s.runAgentInput, status: 202, response: s.runAccepted, errors: [401, 403, 404, 409, 422],
    handler: async (ctx, { params, body }) => {
      mustMatchPath(params.thread_id, body.threadId);
      return startRun(ctx, body, { resume: true, agent: { kind: "input" } });
    },
  }),
  route({
    method: "GET", path: "/agent/runs/{thread_id}/events", auth: "user", tags: TAGS,
    summary: "A thread's AG-UI events as Server-Sent Events (`id:` `<n>-<m>`, `event:` the type, `data:` the event), ending after the run's RUN_FINISHED or RUN_ERROR",
    description:
      "Without `Last-Event-ID`: the latest run's events from its RUN_STARTED, then live ones. With `Last-Event-ID` (`^\\d+-\\d+$`, header or `?lastEventId=`): exactly the events after that one, across runs of the thread, until the next RUN_FINISHED or RUN_ERROR. Events are kept for a day after a thread's last run. " + EVENTS_DESCRIPTION,
    params: s.threadIdParam, status: 200, errors: [401, 403, 404, 422],
    handler: async (ctx, { params }) => {
      await ownThread(ctx, params.thread_id);
      const latest = await latestRun(ctx.db, params.thread_id);
      const bus = getEventBus();
      // A finished thread whose stream has expired has nothing more to send: end at once rather than wait.
      const finished = !latest || !["queued", "running"].includes(latest.status);
      if (finished && !(await bus.readAfter(threadStream(params.thread_id), undefined, 1)).length) return emptyEventStream();
      const from = latest ? await replayFrom(ctx.db, params.thread_id, latest.id) : undefined;
      return deliverThread(ctx.request, bus, params.thread_id, { task: latest?.id, from, withIds: true });
    },
  }),
  route({
    method: "GET", path: "/agent/runs/{thread_id}/history", auth: "user", tags: TAGS,
    summary: "A thread's messages of one day (UTC) as a STATE_SNAPSHOT with `scope: \"history_day\"`: the latest day, or the latest before `before`",
    params: s.threadIdParam, query: s.historyQuery, status: 200, response: s.historySnapshot, errors: [401, 403, 404, 422],
    handler: (ctx, { params, query }) => threadHistory(ctx, params.thread_id, query.before),
  }),
  route({
    method: "GET", path: "/agent/history", auth: "user", tags: TAGS,
    summary: "Your history by day: the thread `threadId`, or without it your most recently active thread (none: an empty snapshot)",
    query: s.userHistoryQuery, status: 200, response: s.historySnapshot, errors: [401, 403, 404, 422],
    handler: (ctx, { query }) => userHistory(ctx, query.threadId, query.before),
  }),
  route({
    method: "POST", path: "/agui/agents/{agent_id}", auth: "user", tags: TAGS,
    summary: "The standard single-request AG-UI endpoint: POST a RunAgentInput, read the run's events as SSE in the same response (what `@ag-ui/client`'s HttpAgent expects)",
    description:
      "Point HttpAgent's `url` here with `Authorization: Bearer <token or atr_ key>`. The run is the same durable job as POST /agent/runs (same threads, same rules; `agent_id` picks the agent of a new thread, `main` your main agent) and the response ends after RUN_FINISHED or RUN_ERROR; " +
      "closing it cancels the run. Each event is one `data:` line (LF endings), preceded by `id:` and `event:` lines a reconnecting client can use at GET /agent/runs/{thread_id}/events. " + EVENTS_DESCRIPTION,
    params: s.agentIdParam, body: s.runAgentInput, status: 200, errors: [401, 403, 404, 409, 422],
    handler: async (ctx, { params, body }) => {
      const started = await startRun(ctx, body, { resume: false, agent: { kind: "path", agentId: params.agent_id } });
      return deliverThread(ctx.request, getEventBus(), started.threadId, {
        task: started.taskId,
        from: await replayFrom(ctx.db, started.threadId, started.taskId),
        withIds: true,
        onClientGone: () => void cancelRun(ctx.db, started.taskId).catch(() => {}),
      });
    },
  }),
];

