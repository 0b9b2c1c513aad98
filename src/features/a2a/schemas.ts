import { z } from "zod";

/** Bounds of what a person may configure or send; each drives outbound work. */
export const A2A_LIMITS = {
  agentsPerUser: 50,
  urlChars: 2000,
  headers: 16,
  headerChars: 8000,
  messageChars: 100_000,
  /** The agent card's JSON may be this large. */
  cardBytes: 1024 * 1024,
} as const;

export const TASK_STATES = ["submitted", "working", "input_required", "auth_required", "completed", "failed", "canceled", "rejected"] as const;
export type TaskStateName = (typeof TASK_STATES)[number];
/** States after which nothing more happens to a task. */
export const TERMINAL_STATES: readonly TaskStateName[] = ["completed", "failed", "canceled", "rejected"];
/** States where the outside agent waits for the sender (A2A's interrupted states): the job stops following. */
export const INTERRUPTED_STATES: readonly TaskStateName[] = ["input_required", "auth_required"];

const headerName = z.string().min(1).max(200).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid header name");
const url = z
  .url({ protocol: /^https?$/, message: "Not an http(s) URL" })
  .max(A2A_LIMITS.urlChars)
  .describe("The agent's base URL (its card is at /.well-known/agent-card.json) or the card's own URL");

export const discoverBody = z.object({
  url,
  api_key: z.string().min(1).max(A2A_LIMITS.headerChars).optional().describe("Sent as the header the card's API-key scheme names, else as `Authorization: Bearer <key>`; stored encrypted, never returned"),
  headers: z
    .record(headerName, z.string().max(A2A_LIMITS.headerChars))
    .refine((r) => Object.keys(r).length <= A2A_LIMITS.headers, `At most ${A2A_LIMITS.headers} headers`)
    .optional()
    .describe("More request headers to call the agent with (stored encrypted, never returned)"),
});
export type DiscoverBody = z.infer<typeof discoverBody>;

export const agentRef = z.object({ id: z.uuid({ message: "Not a valid id" }) });
export const taskRef = z.object({ id: z.uuid({ message: "Not a valid id" }) });

export const sendBody = z.object({
  agent_id: z.uuid({ message: "Not a valid id" }).describe("A discovered agent's id (GET /api/a2a/agents)"),
  message: z.string().trim().min(1, "Write a message").max(A2A_LIMITS.messageChars),
});

export const skill = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  examples: z.array(z.string()),
});

export const a2aAgentSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  card_url: z.string(),
  tool_name: z.string().describe("a2a_<slug>: the name agents list in include_tools and workflow tool nodes use"),
  version: z.string().nullable(),
  skills: z.array(skill),
  header_keys: z.array(z.string()).describe("Names of the stored headers (the values are never returned)"),
  streaming: z.boolean(),
  discovered_at: z.iso.datetime(),
  last_error: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export const a2aAgentDetail = a2aAgentSummary.extend({
  card: z.record(z.string(), z.unknown()).describe("The agent card as fetched"),
});
export type A2aAgentDetail = z.infer<typeof a2aAgentDetail>;
export const agentList = z.object({ agents: z.array(a2aAgentSummary), total: z.number().int() });

export const a2aTask = z.object({
  id: z.uuid(),
  agent_id: z.uuid(),
  agent_name: z.string(),
  message: z.string(),
  state: z.enum(TASK_STATES),
  remote_task_id: z.string().nullable().describe("The outside agent's task id (null until it answered, or when it answered with a message)"),
  result: z.string().nullable().describe("The answer's text (its artifacts and final message)"),
  error: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
});
export type A2aTaskDto = z.infer<typeof a2aTask>;
export const taskList = z.object({ tasks: z.array(a2aTask), total: z.number().int() });
