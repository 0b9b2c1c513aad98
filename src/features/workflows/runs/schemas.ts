import { z } from "zod";
import { pageOf, pageQuery } from "@/lib/wire";
import { nodeIdSchema } from "../definition";

/**
 * The wire shapes of workflow runs (seed 004's executions): what REST, tRPC and the run's event
 * stream carry. Plain zod, no server imports: the run view parses events with the same schemas.
 */

export const RUN_STATUSES = ["queued", "running", "paused", "waiting", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A run in one of these is over: nothing changes it any more. */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "cancelled"];
export const isFinishedRun = (status: string) => (FINISHED_RUN_STATUSES as readonly string[]).includes(status);

export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped", "waiting", "cancelled"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RUN_TRIGGERS = ["manual", "webhook", "schedule", "batch", "subworkflow", "rerun", "node_test"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** The bus stream of one run's events. */
export const workflowRunStream = (runId: string) => `workflow-run:${runId}`;

const iso = z.string().describe("ISO 8601 time");

export const workflowStepDto = z.object({
  id: z.uuid(),
  run_id: z.uuid(),
  node_id: z.string(),
  node_type: z.string(),
  status: z.enum(STEP_STATUSES),
  input: z.unknown().describe("What the node started from: the outputs of the nodes that led to it"),
  output: z.unknown(),
  handle: z.string().nullable().describe("The outgoing handle a branching node chose"),
  error: z.string().nullable(),
  attempts: z.number().int(),
  logs: z.array(z.object({ at: iso, level: z.string(), message: z.string(), data: z.unknown().optional() })),
  approval_id: z.uuid().nullable(),
  child_run_id: z.uuid().nullable(),
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
  duration_ms: z.number().int().nullable(),
});
export type WorkflowStepDto = z.infer<typeof workflowStepDto>;

export const workflowRunDto = z.object({
  id: z.uuid(),
  workflow_id: z.uuid(),
  version: z.number().int().describe("The workflow version this run executes (saving the workflow again does not change it)"),
  user_id: z.uuid(),
  status: z.enum(RUN_STATUSES),
  trigger: z.enum(RUN_TRIGGERS),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  parent_run_id: z.uuid().nullable(),
  parent_step_id: z.uuid().nullable(),
  rerun_of_id: z.uuid().nullable(),
  created_at: iso,
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
  duration_ms: z.number().int().nullable(),
  /** Present on a single run (GET /executions/{id}); absent in lists. */
  steps: z.array(workflowStepDto).optional(),
});
export type WorkflowRunDto = z.infer<typeof workflowRunDto>;

export const workflowRunPage = pageOf(workflowRunDto);

/** The events of a run's stream (`workflow-run:<id>`), by SSE event name. */
export const runEvents = {
  run: z.object({ id: z.uuid(), status: z.enum(RUN_STATUSES), error: z.string().nullable().optional(), output: z.unknown().optional() }),
  step: z.object({
    run_id: z.uuid(),
    step_id: z.uuid(),
    node_id: z.string(),
    node_type: z.string(),
    status: z.enum(STEP_STATUSES),
    attempts: z.number().int(),
    handle: z.string().nullable().optional(),
    error: z.string().nullable().optional(),
    started_at: iso.nullable().optional(),
    finished_at: iso.nullable().optional(),
    duration_ms: z.number().int().nullable().optional(),
  }),
  log: z.object({ node_id: z.string(), level: z.enum(["debug", "info", "warn", "error"]), message: z.string() }),
} as const;
export type RunEventName = keyof typeof runEvents;
export type RunEvent = z.infer<(typeof runEvents)["run"]>;
export type StepEvent = z.infer<(typeof runEvents)["step"]>;

/** The last event of a run's stream: a `run` event with a finished status. */
export const isLastRunEvent = (event: { type: string; data: unknown }) => event.type === "run" && isFinishedRun((event.data as { status?: string }).status ?? "");

/** What a run's input may be: a JSON object (the start node's fields), bounded by the request size. */
export const runInput = z.record(z.string(), z.unknown()).default({}).describe("The run's input: the start node's fields");

export const executionCreate = z.object({
  workflow_id: z.uuid({ message: "Not a valid workflow id" }),
  input: runInput,
  version: z.number().int().min(1).optional().describe("Run this version instead of the newest"),
});

export const executionQuery = pageQuery.extend({
  workflow_id: z.uuid({ message: "Not a valid workflow id" }).optional(),
  status: z.enum(RUN_STATUSES).optional(),
});
export type ExecutionQuery = z.infer<typeof executionQuery>;

export const rerunBody = z.object({ node_id: nodeIdSchema.describe("Run again from this node; the nodes before it keep their earlier outputs") });
