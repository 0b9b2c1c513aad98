import "server-only";
import { route } from "@/server/http/route-table";
import { emptyEventStream, finishedStreamIsEmpty, runEventStream } from "../deliver";
import * as r from "../run-schemas";
import { cancelRun, getRun, ownRun } from "./service";
import type { RunKind } from "./store";

const RUNS = ["Agent chat: runs"];

/** Agent runs: their state, their event stream (to reconnect), cancelling. */
export const runRoutes = [
  route({
    method: "GET", path: "/agent-runs/{run_id}", auth: "user", tags: RUNS,
    summary: "One of your agent runs: kind, status (queued, running, waiting for an approval, succeeded, failed, cancelled), session, times",
    params: r.runIdParam, status: 200, response: r.agentRun, errors: [404, 422],
    handler: (ctx, { params }) => getRun(ctx, params.run_id),
  }),
  route({
    method: "GET", path: "/agent-runs/{run_id}/events", auth: "user", tags: RUNS,
    summary: "A run's events as Server-Sent Events: replayed after `Last-Event-ID` (or from the start), then live, ending after `done` or `error`",
    description:
      "The same events (names, payloads and `id:`s) as the streaming endpoint that started the run; reconnect here with the `Last-Event-ID` header (or `?lastEventId=`) to get exactly the events after it. Events are kept for an hour after the run ends. Closing this stream cancels the run too, unless it was started with `continue_on_disconnect: true`.",
    params: r.runIdParam, status: 200, errors: [404, 422],
    handler: async (ctx, { params }) => {
      const run = await ownRun(ctx, params.run_id);
      const finished = !["queued", "running", "waiting"].includes(run.status);
      if (finished && (await finishedStreamIsEmpty(ctx.request, run.id))) return emptyEventStream(ctx.request);
      return runEventStream(ctx, { runId: run.id, sessionId: run.sessionId, continueOnDisconnect: run.continueOnDisconnect }, run.kind as RunKind);
    },
  }),
  route({
    method: "POST", path: "/agent-runs/{run_id}/cancel", auth: "user", tags: RUNS,
    summary: "Cancel a queued or running run (its stream ends with an `error` event); a finished run is answered as it is",
    params: r.runIdParam, status: 200, response: r.agentRun, errors: [404, 422],
    handler: (ctx, { params }) => cancelRun(ctx, params.run_id),
  }),
];
