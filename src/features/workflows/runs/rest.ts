import "server-only";
import { idParam } from "@/lib/wire";
import { getEventBus } from "@/server/events";
import { lastEventIdOf, sseResponse, streamBus } from "@/server/http/sse";
import { route, type RouteDef } from "@/server/http/route-table";
import { executionCreate, executionQuery, isFinishedRun, isLastRunEvent, rerunBody, workflowRunDto, workflowRunPage, workflowRunStream } from "./schemas";
import { cancelWorkflowRun, createExecution, getWorkflowRun, listWorkflowRuns, pauseWorkflowRun, rerunFromNode, resumeWorkflowRun, runForEvents } from "./service";

const TAGS = ["Workflows: executions"];
const CONTROL =
  "Allowed to the run's user and to those holding the edit level (or more) on its workflow; someone who may only view it gets 403, anyone else 404.";

/** Seed 004's executions: start, status, pause, resume, cancel, re-run from a node, and a run's live events (SSE). */
export const executionRoutes: RouteDef[] = [
  route({
    method: "POST", path: "/executions", auth: "user", tags: TAGS,
    summary: "Start a run of a workflow (its newest version, or `version`) with an input; answered at once with the queued run",
    description:
      "The input is checked against the start node's fields (422 naming each). Needs the `use` level on the workflow and the workflows:execute permission. The run executes in the background; follow it with GET /executions/{id} or its events.",
    body: executionCreate, status: 202, response: workflowRunDto, errors: [403, 404, 422, 503],
    handler: (ctx, { body }) => createExecution(ctx, body),
  }),
  route({
    method: "GET", path: "/executions", auth: "user", tags: TAGS,
    summary: "Runs you may see (yours, and those of workflows you own or hold a grant on), newest first; filter by workflow and status",
    query: executionQuery, status: 200, response: workflowRunPage, errors: [422],
    handler: (ctx, { query }) => listWorkflowRuns(ctx, query),
  }),
  route({
    method: "GET", path: "/executions/{id}", auth: "user", tags: TAGS,
    summary: "One run with its steps: status, input, output, error, and per node its status, attempts, output, logs and timing",
    description: "Readable by the run's user and by those holding the view level on its workflow; others get 404.",
    params: idParam, status: 200, response: workflowRunDto, errors: [404, 422],
    handler: (ctx, { params }) => getWorkflowRun(ctx, params.id),
  }),
  route({
    method: "POST", path: "/executions/{id}/pause", auth: "user", tags: TAGS,
    summary: "Pause a run: no further node starts; running ones finish. 409 for a finished run",
    description: CONTROL,
    params: idParam, status: 200, response: workflowRunDto, errors: [403, 404, 409, 422],
    handler: (ctx, { params }) => pauseWorkflowRun(ctx, params.id),
  }),
  route({
    method: "POST", path: "/executions/{id}/resume", auth: "user", tags: TAGS,
    summary: "Resume a paused run from where it stopped (finished steps are not run again). 409 unless paused",
    description: CONTROL,
    params: idParam, status: 200, response: workflowRunDto, errors: [403, 404, 409, 422],
    handler: (ctx, { params }) => resumeWorkflowRun(ctx, params.id),
  }),
  route({
    method: "POST", path: "/executions/{id}/cancel", auth: "user", tags: TAGS,
    summary: "Cancel a run that has not finished (running steps stop, its sub-workflow runs are cancelled too); a finished run is answered as it is",
    description: CONTROL,
    params: idParam, status: 200, response: workflowRunDto, errors: [403, 404, 422],
    handler: (ctx, { params }) => cancelWorkflowRun(ctx, params.id),
  }),
  route({
    method: "POST", path: "/executions/{id}/rerun", auth: "user", tags: TAGS,
    summary: "Run again from a node: a new run of the same version and input whose steps before that node are reused, not executed",
    description: `${CONTROL} The new run is answered (202) like POST /executions.`,
    params: idParam, body: rerunBody, status: 202, response: workflowRunDto, errors: [403, 404, 422, 503],
    handler: (ctx, { params, body }) => rerunFromNode(ctx, params.id, body.node_id),
  }),
  route({
    method: "GET", path: "/executions/{id}/events", auth: "user", tags: TAGS,
    summary: "A run's events as Server-Sent Events (`run`, `step`, `log`): replayed after `Last-Event-ID` (or from the start), then live, ending after the run's last `run` event",
    description:
      "Reconnect with the `Last-Event-ID` header (or `?lastEventId=`) to get exactly the events after it. Events are kept for an hour after the run ends; a finished run whose events have expired answers an empty stream. Closing the stream does not stop the run.",
    params: idParam, status: 200, errors: [404, 422],
    handler: async (ctx, { params }) => {
      const run = await runForEvents(ctx, params.id);
      const stream = workflowRunStream(run.id);
      if (isFinishedRun(run.status)) {
        const after = await getEventBus().readAfter(stream, lastEventIdOf(ctx.request) ?? "0-0", 1);
        if (after.length === 0) return sseResponse(ctx.request, async () => {});
      }
      return streamBus(ctx.request, getEventBus(), stream, { from: "0-0", isLast: isLastRunEvent, headers: { "x-run-id": run.id } });
    },
  }),
];
