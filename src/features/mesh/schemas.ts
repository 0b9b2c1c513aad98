import { z } from "zod";

/**
 * Seed 001's agentmesh bodies, one schema per operation (validation, types and the OpenAPI document).
 * Timestamps are epoch milliseconds, as 001 shows them.
 */

/** A client-chosen agent id ("claude-code"), or an Atrium agent's UUID for `type: "atrium"`. */
export const agentKey = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "letters, digits, and . _ : - only");
const capability = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, "letters, digits, space, and . _ - only").transform((c) => c.toLowerCase());

export const MAX_CAPABILITIES = 32;

export const agentRegistration = z
  .object({
    id: agentKey.describe("Your id for the agent (for type atrium: the Atrium agent's id)"),
    name: z.string().trim().min(1).max(200).optional().describe("Defaults to the id (or the Atrium agent's name)"),
    type: z.string().trim().min(1).max(50).regex(/^[a-z0-9][a-z0-9_-]*$/, "lower-case letters, digits, _ and - only").default("process").describe("atrium: one of your (or shared) Atrium agents; anything else: an external agent called at `endpoint`"),
    capabilities: z.array(capability).max(MAX_CAPABILITIES).default([]),
    endpoint: z.string().trim().url().max(2000).optional().describe("http(s) URL the task is POSTed to (external agents)"),
  })
  .superRefine((value, ctx) => {
    if (value.type === "atrium" && !z.uuid().safeParse(value.id).success) ctx.addIssue({ code: "custom", path: ["id"], message: "For type atrium, the id is the Atrium agent's id (a UUID)" });
    if (value.type !== "atrium" && !value.endpoint) ctx.addIssue({ code: "custom", path: ["endpoint"], message: "An external agent needs the http(s) endpoint its tasks are sent to" });
    if (value.type === "atrium" && value.endpoint) ctx.addIssue({ code: "custom", path: ["endpoint"], message: "An Atrium agent runs here; leave endpoint out" });
    if (value.endpoint && !/^https?:\/\//i.test(value.endpoint)) ctx.addIssue({ code: "custom", path: ["endpoint"], message: "Only http and https endpoints" });
  });
export type AgentRegistration = z.output<typeof agentRegistration>;

export const agentStatus = z.enum(["online", "offline", "busy"]);

export const meshAgent = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  capabilities: z.array(z.string()),
  status: agentStatus,
  endpoint: z.string().optional(),
  lastSeen: z.number().int().describe("Epoch ms: registration, or the agent's last answer"),
});
export type MeshAgentDto = z.infer<typeof meshAgent>;

export const agentRegistered = z.object({ id: z.string(), status: z.literal("registered") });

export const meshHealth = z.object({
  status: z.literal("ok"),
  timestamp: z.number().int(),
  agents: z.array(z.object({ id: z.string(), name: z.string(), status: agentStatus })).describe("The caller's agents (empty without credentials)"),
});

export const MAX_TASK_CHARS = 20_000;

/** Seed 001's AgentMessage as a task submission; only `payload.task` is required. */
export const taskSubmission = z.object({
  id: z.string().max(100).optional().describe("Ignored: the gateway gives every task its own id"),
  type: z.enum(["request", "response", "event", "stream", "stream_end"]).default("request"),
  source: z.string().trim().min(1).max(100).default("api"),
  target: z.string().trim().min(1).max(100).default("gateway").describe("`gateway` routes by capability; an agent id sends it to that agent"),
  correlation_id: z.string().trim().min(1).max(100).optional(),
  timestamp: z.number().int().nonnegative().optional(),
  payload: z.object({
    task: z.string().trim().min(1).max(MAX_TASK_CHARS),
    capabilities: z.array(capability).min(1).max(8).optional().describe("Route to an agent with all of these (else by the words of the task)"),
    context: z
      .object({
        shared_space_id: z.uuid().optional(),
        history: z.array(z.string().max(MAX_TASK_CHARS)).max(20).optional(),
      })
      .optional(),
    files: z.array(z.string().max(1000)).max(20).optional(),
    options: z.object({ stream: z.boolean().default(false), timeout: z.number().int().min(1).max(3600).default(300) }).optional(),
  }),
});
export type TaskSubmission = z.output<typeof taskSubmission>;

export const taskStatus = z.enum(["pending", "assigned", "running", "completed", "failed"]);
export const taskError = z.object({ code: z.string(), message: z.string() });

export const taskAccepted = z.object({ task_id: z.uuid(), status: taskStatus, assigned_agents: z.array(z.string()), message: z.string() });

export const taskSummary = z.object({ id: z.uuid(), status: taskStatus, assigned_agents: z.array(z.string()), created_at: z.number().int() });

export const taskDetail = taskSummary.extend({
  task: z.string(),
  space_id: z.uuid().nullable(),
  result: z.unknown().nullable(),
  error: taskError.nullable(),
  updated_at: z.number().int(),
});
export type TaskDetail = z.infer<typeof taskDetail>;

export const taskListQuery = z.object({
  status: taskStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const taskIdParam = z.object({ taskId: z.string().max(100) });
export const spaceIdParam = z.object({ spaceId: z.string().max(100) });

const metadata = z
  .record(z.string().max(100), z.unknown())
  .refine((m) => Object.keys(m).length <= 50, "at most 50 keys")
  .refine((m) => JSON.stringify(m).length <= 16_000, "at most 16 000 characters of JSON");

export const spaceCreate = z.object({ metadata: metadata.default({}) }).default({ metadata: {} });
export const spaceCreated = z.object({ space_id: z.uuid() });

export const spaceEntry = z.object({
  task_id: z.uuid().nullable(),
  kind: z.enum(["message", "artifact"]),
  role: z.enum(["user", "agent"]),
  agent: z.string().nullable(),
  content: z.string(),
  timestamp: z.number().int(),
});

export const spaceDetail = z.object({
  shared_space_id: z.uuid(),
  message_count: z.number().int(),
  artifact_count: z.number().int(),
  metadata: z.record(z.string(), z.unknown()),
  messages: z.array(spaceEntry).describe("The newest 50 entries, oldest first"),
  created_at: z.number().int(),
  updated_at: z.number().int(),
});
export type SpaceDetail = z.infer<typeof spaceDetail>;

export const eventsQuery = z.object({
  taskId: z.uuid().optional(),
  spaceId: z.uuid().optional(),
  lastEventId: z.string().max(40).optional(),
});

export const broadcastBody = z.object({
  type: z.string().trim().min(1).max(100),
  data: z.unknown().refine((d) => d === undefined || JSON.stringify(d).length <= 16_000, "at most 16 000 characters of JSON"),
});
export const broadcastDelivered = z.object({ delivered: z.number().int(), id: z.string() });

export const wsInfo = z.object({
  message: z.string(),
  endpoints: z.object({ events: z.string(), description: z.string() }),
  example: z.string(),
});
