import { z } from "zod";
import { booleanQuery, pageOf, pageQuery } from "@/lib/wire";
import { DEFINITION_FORMAT, NODE_TYPES, nodeIdSchema, workflowDefinition, type NodeType } from "./definition";

/** Wire shapes of the workflows surfaces (REST and tRPC share them). */

const name = z.string().trim().min(1, "Give it a name").max(200);
const description = z.string().max(2_000);
const uuid = (what: string) => z.uuid({ message: `Not a valid ${what} id` });
const iso = z.string().describe("ISO 8601 time");

/** A run's input: a JSON object (bounded by the body limit). */
export const runInput = z.record(z.string().max(200), z.unknown());

export const workflowIdParam = z.object({ workflow_id: uuid("workflow") });
export const versionParams = workflowIdParam.extend({ v: z.coerce.number().int().min(1).max(1_000_000) });
export const templateIdParam = z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/, "Not a template id") });
export const executionIdParam = z.object({ execution_id: uuid("execution") });
export const executionNodeParams = executionIdParam.extend({ node_id: nodeIdSchema });
export const webhookNameParam = z.object({ name: z.string().min(1).max(200) });

export const listQuery = pageQuery.extend({
  search: z.string().trim().max(200).optional().describe("Part of the name, any case"),
});

export const workflowCreate = z.object({
  name,
  description: description.default(""),
  /** Absent: a start node joined to an end node. */
  definition: workflowDefinition.optional(),
});

export const workflowUpdate = z.object({
  name: name.optional(),
  description: description.optional(),
  definition: workflowDefinition.optional(),
  /** The version the change was made on: a save on an older one is refused (409) instead of overwriting. */
  base_version: z.number().int().min(1).optional(),
  message: z.string().max(500).optional().describe("What changed, kept with the version"),
});

export const workflow = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  definition: workflowDefinition,
  version: z.number().int(),
  template_id: z.string().nullable(),
  owner_id: z.uuid(),
  webhook_enabled: z.boolean(),
  /** owner, or the level of the grant it is shared with you at (admins see `admin`). */
  access: z.enum(["owner", "view", "use", "edit", "admin"]),
  created_at: iso,
  updated_at: iso,
});

export const workflowSummary = workflow.omit({ definition: true }).extend({ node_count: z.number().int() });
export const workflowPage = pageOf(workflowSummary);

export const versionSummary = z.object({
  version: z.number().int(),
  name: z.string(),
  description: z.string(),
  message: z.string(),
  created_by_id: z.uuid(),
  created_at: iso,
  node_count: z.number().int(),
});
export const versionList = z.object({ items: z.array(versionSummary), current: z.number().int() });
export const versionDetail = versionSummary.extend({ definition: workflowDefinition });

export const definitionIssue = z.object({ node_id: z.string().nullable(), field: z.string().nullable(), message: z.string() });
export const validateBody = z.object({ definition: workflowDefinition });
export const validationResult = z.object({ valid: z.boolean(), issues: z.array(definitionIssue) });

/** The export document; import takes the same (exported_at optional, `name` may be overridden). */
export const exportDoc = z.object({
  format: z.literal(DEFINITION_FORMAT),
  name,
  description: description.default(""),
  definition: workflowDefinition,
  exported_at: iso.optional(),
});

export const executeBody = z
  .object({
    input: runInput.default({}),
    /** Wait (at most 30 s) for the run to finish and answer its output. */
    wait: z.boolean().default(false),
    version: z.number().int().min(1).optional().describe("Run an older version instead of the newest"),
  })
  .default({ input: {}, wait: false });
export const waitQuery = z.object({ wait: booleanQuery.describe("Wait (at most 30 s) for the run to finish") });

/** A run as the starting surfaces answer it (the full run is at /executions/{id} and /execution-logs/{id}). */
export const execution = z.object({
  id: z.uuid(),
  workflow_id: z.uuid(),
  status: z.string(),
  trigger: z.string(),
  output: z.unknown().optional(),
  error: z.string().nullable(),
  created_at: iso,
  finished_at: iso.nullable(),
  duration_ms: z.number().nullable(),
});

// --- templates

export const templateSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  node_types: z.array(z.string()),
});
export const templateDetail = templateSummary.extend({
  definition: workflowDefinition,
  /** An input that makes a good first run. */
  example_input: runInput,
});
export const templateList = z.object({ items: z.array(templateSummary) });
export const fromTemplateBody = z.object({ name: name.optional() }).default({});

// --- node templates

const nodeType = z.enum(NODE_TYPES as [NodeType, ...NodeType[]]);
export const nodeTemplateCreate = z.object({
  name,
  description: description.default(""),
  node_type: nodeType,
  config: z.record(z.string(), z.unknown()).default({}),
});
export const nodeTemplateUpdate = z.object({
  name: name.optional(),
  description: description.optional(),
  node_type: nodeType.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});
export const nodeTemplate = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  node_type: z.string(),
  config: z.record(z.string(), z.unknown()),
  created_at: iso,
  updated_at: iso,
});
export const nodeTemplatePage = pageOf(nodeTemplate);
export const nodeTemplateListQuery = pageQuery.extend({ node_type: nodeType.optional() });
export const applyNodeTemplateBody = z.object({
  workflow_id: uuid("workflow"),
  node_id: nodeIdSchema.optional().describe("Absent: a new id from the template's name"),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).optional(),
  base_version: z.number().int().min(1).optional(),
});

// --- nodes/test

export const nodeTestBody = z.object({
  node: z.object({
    id: nodeIdSchema.default("node"),
    type: nodeType,
    config: z.record(z.string(), z.unknown()).default({}),
  }),
  input: runInput.default({}),
  /** Outputs of earlier nodes the tested node refers to (`nodes.<id>.output`). */
  nodes: z.record(nodeIdSchema, z.unknown()).refine((m) => Object.keys(m).length <= 50, "at most 50 nodes").default({}),
});
export const nodeTestResult = z.object({
  execution_id: z.uuid(),
  status: z.string(),
  output: z.unknown().optional(),
  error: z.string().nullable(),
  logs: z.array(z.unknown()),
  duration_ms: z.number().nullable(),
});

// --- schedules

const cronText = z.string().trim().min(9, "A cron like 0 9 * * 1-5").max(100);
const timezone = z.string().max(64).default("UTC");
export const scheduleCreate = z
  .object({
    name,
    target_type: z.enum(["workflow", "agent"]).default("workflow"),
    workflow_id: uuid("workflow").optional(),
    agent_id: uuid("agent").optional(),
    cron: cronText,
    timezone,
    /** The run's input (workflow), or `{message}` for an agent. */
    input: runInput.default({}),
    enabled: z.boolean().default(true),
  });
export const scheduleUpdate = z.object({
  name: name.optional(),
  cron: cronText.optional(),
  timezone: z.string().max(64).optional(),
  input: runInput.optional(),
  enabled: z.boolean().optional(),
});
export const schedule = z.object({
  id: z.uuid(),
  name: z.string(),
  target_type: z.enum(["workflow", "agent"]),
  workflow_id: z.uuid().nullable(),
  agent_id: z.uuid().nullable(),
  cron: z.string(),
  timezone: z.string(),
  input: runInput,
  enabled: z.boolean(),
  last_run_at: iso.nullable(),
  last_run_id: z.string().nullable(),
  next_run_at: iso.nullable(),
  created_at: iso,
  updated_at: iso,
});
export const schedulePage = pageOf(schedule);
export const scheduleListQuery = pageQuery.extend({ workflow_id: uuid("workflow").optional() });
export const scheduleIdParam = z.object({ id: uuid("schedule") });
export const scheduleTriggerResult = z.object({ schedule_id: z.uuid(), target_type: z.string(), run_id: z.string().nullable(), detail: z.string() });

// --- webhooks

export const webhookInfo = z.object({
  workflow_id: z.uuid(),
  enabled: z.boolean(),
  /** The secret (only its owner and editors see it). */
  token: z.string().nullable(),
  url: z.string().nullable(),
  by_name_url: z.string().nullable(),
});
export const webhookAccepted = z.object({ execution_id: z.uuid(), status: z.string(), output: z.unknown().optional(), error: z.string().nullable().optional() });
export const webhookQuery = z.object({ token: z.string().max(200).optional(), wait: booleanQuery });

// --- batch

export const batchExecuteBody = z.object({
  workflow_id: uuid("workflow"),
  inputs: z.array(runInput).min(1, "Give at least one input").max(100, "At most 100 inputs"),
});
export const batchExecuteResult = z.object({
  workflow_id: z.uuid(),
  items: z.array(z.object({ index: z.number().int(), execution_id: z.string().nullable(), status: z.string(), error: z.string().nullable() })),
});
export const batchIds = z.object({ workflow_ids: z.array(uuid("workflow")).min(1).max(100) });
export const batchExportResult = z.object({ items: z.array(exportDoc), not_found: z.array(z.string()) });
export const batchDeleteResult = z.object({ deleted: z.array(z.string()), not_found: z.array(z.string()) });

// --- execution logs

export const executionLogQuery = pageQuery.extend({
  workflow_id: uuid("workflow").optional(),
  status: z.enum(["queued", "running", "paused", "waiting", "succeeded", "failed", "cancelled"]).optional(),
  trigger: z.enum(["manual", "webhook", "schedule", "batch", "subworkflow", "rerun", "node_test"]).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe("Created at or after (ISO 8601)"),
  until: z.iso.datetime({ offset: true }).optional().describe("Created before (ISO 8601)"),
});
export const executionLog = z.object({
  id: z.uuid(),
  workflow_id: z.uuid(),
  workflow_name: z.string().nullable(),
  version: z.number().int(),
  user_id: z.uuid(),
  status: z.string(),
  trigger: z.string(),
  input: z.unknown(),
  output: z.unknown().nullable(),
  error: z.string().nullable(),
  parent_run_id: z.string().nullable(),
  rerun_of_id: z.string().nullable(),
  created_at: iso,
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
  duration_ms: z.number().nullable(),
});
export const executionLogPage = pageOf(executionLog);
export const stepLog = z.object({
  id: z.uuid(),
  node_id: z.string(),
  node_type: z.string(),
  status: z.string(),
  input: z.unknown().nullable(),
  output: z.unknown().nullable(),
  handle: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  logs: z.unknown(),
  approval_id: z.string().nullable(),
  child_run_id: z.string().nullable(),
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
  duration_ms: z.number().nullable(),
});
export const stepLogList = z.object({ items: z.array(stepLog) });
export const timeline = z.object({
  execution_id: z.uuid(),
  started_at: iso.nullable(),
  finished_at: iso.nullable(),
  duration_ms: z.number().nullable(),
  items: z.array(z.object({ node_id: z.string(), node_type: z.string(), status: z.string(), offset_ms: z.number().nullable(), duration_ms: z.number().nullable() })),
});
type ChainAgent = { node_id: string; agent_id: string | null; agent_name: string | null; status: string };
type ChainNode = { execution_id: string; workflow_id: string; workflow_name: string | null; status: string; via_node_id: string | null; agents: ChainAgent[]; children: ChainNode[] };
export const callChain: z.ZodType<ChainNode> = z.lazy(() =>
  z.object({
    execution_id: z.string(),
    workflow_id: z.string(),
    workflow_name: z.string().nullable(),
    status: z.string(),
    via_node_id: z.string().nullable().describe("The sub-workflow step that started it"),
    agents: z.array(z.object({ node_id: z.string(), agent_id: z.string().nullable(), agent_name: z.string().nullable(), status: z.string() })).describe("The agents its agent steps ran"),
    children: z.array(callChain),
  }),
);
export const statsQuery = z.object({
  workflow_id: uuid("workflow").optional(),
  days: z.coerce.number().int().min(1).max(365).default(30),
});
export const performance = z.object({
  slowest_steps: z.array(z.object({ execution_id: z.string(), node_id: z.string(), node_type: z.string(), duration_ms: z.number() })),
  node_types: z.array(z.object({ node_type: z.string(), count: z.number().int(), failed: z.number().int(), avg_ms: z.number().nullable(), max_ms: z.number().nullable() })),
});
export const stats = z.object({
  total: z.number().int(),
  by_status: z.record(z.string(), z.number().int()),
  by_trigger: z.record(z.string(), z.number().int()),
  success_rate: z.number().nullable(),
  avg_duration_ms: z.number().nullable(),
});

// --- monitoring

export const monitoringOverview = z.object({
  workflows: z.number().int(),
  executions: z.number().int(),
  running: z.number().int(),
  waiting: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  success_rate: z.number().nullable(),
  avg_duration_ms: z.number().nullable(),
  schedules_enabled: z.number().int(),
  scope: z.enum(["mine", "all"]),
});
export const executionsPerDay = z.object({
  days: z.array(z.object({ day: z.string(), total: z.number().int(), succeeded: z.number().int(), failed: z.number().int() })),
});
export const nodeTypeUsage = z.object({
  items: z.array(z.object({ node_type: z.string(), steps: z.number().int(), failed: z.number().int(), avg_ms: z.number().nullable() })),
});
export const activities = z.object({
  items: z.array(z.object({ kind: z.string(), at: iso, workflow_id: z.string(), workflow_name: z.string().nullable(), execution_id: z.string().nullable(), status: z.string().nullable(), detail: z.string() })),
});
export const monitoringQuery = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) });

// --- collaboration

export const collaborators = z.object({
  workflow_id: z.uuid(),
  users: z.array(z.object({ user_id: z.string(), name: z.string(), since: iso })),
});
