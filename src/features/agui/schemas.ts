import { z } from "zod";

/**
 * Wire shapes of seed 003's Agent Runtime and of the single-request AG-UI endpoint. The request body
 * is AG-UI's `RunAgentInput` (what `@ag-ui/client`'s HttpAgent posts), with bounds on everything that
 * drives work: a message list, a tool list or a context list past these sizes is a 422, not a slow run.
 */

export const MAX_MESSAGES = 500;
export const MAX_MESSAGE_CHARS = 100_000;
export const MAX_TOOLS = 64;
export const MAX_CONTEXT = 50;
/** The serialized size of `state`, a tool's `parameters` or `forwardedProps`. */
export const MAX_JSON_CHARS = 64_000;

const boundedJson = (what: string) =>
  z.unknown().refine((value) => value === undefined || (JSON.stringify(value)?.length ?? 0) <= MAX_JSON_CHARS, { message: `${what} is larger than ${MAX_JSON_CHARS} characters of JSON` });

const id = z.string().min(1).max(200);

/** AG-UI `InputContent`: text parts are read; other parts (images, files) are accepted and ignored. */
const inputContent = z.looseObject({ type: z.string().max(50), text: z.string().max(MAX_MESSAGE_CHARS).optional() });

const toolCall = z.object({
  id,
  type: z.literal("function").default("function"),
  function: z.object({ name: z.string().min(1).max(200), arguments: z.string().max(MAX_MESSAGE_CHARS) }),
});

/** One AG-UI message. Activity and reasoning messages are accepted and not given to the model. */
export const aguiMessage = z.discriminatedUnion("role", [
  z.looseObject({ id, role: z.literal("user"), content: z.union([z.string().max(MAX_MESSAGE_CHARS), z.array(inputContent).max(50)]), name: z.string().max(200).optional() }),
  z.looseObject({
    id,
    role: z.literal("assistant"),
    content: z.string().max(MAX_MESSAGE_CHARS).optional(),
    toolCalls: z.array(toolCall).max(MAX_TOOLS).optional(),
    name: z.string().max(200).optional(),
  }),
  z.looseObject({ id, role: z.literal("system"), content: z.string().max(MAX_MESSAGE_CHARS), name: z.string().max(200).optional() }),
  z.looseObject({ id, role: z.literal("developer"), content: z.string().max(MAX_MESSAGE_CHARS), name: z.string().max(200).optional() }),
  z.looseObject({
    id,
    role: z.literal("tool"),
    toolCallId: id,
    content: z.union([z.string().max(MAX_MESSAGE_CHARS), z.array(inputContent).max(50)]),
    error: z.string().max(MAX_MESSAGE_CHARS).optional(),
  }),
  z.looseObject({ id, role: z.literal("reasoning"), content: z.string().max(MAX_MESSAGE_CHARS) }),
  z.looseObject({ id, role: z.literal("activity"), activityType: z.string().max(200), content: z.record(z.string(), z.unknown()) }),
]);
export type AguiMessageInput = z.output<typeof aguiMessage>;

/** A frontend tool: the model may call it; the run then pauses until the client sends its result. */
export const aguiTool = z.looseObject({
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, "A tool name is 1 to 64 letters, digits, _ or -"),
  description: z.string().max(4_000),
  parameters: boundedJson("A tool's parameters").optional(),
});

export const runAgentInput = z.looseObject({
  threadId: z.uuid({ message: "threadId must be a UUID" }).describe("The thread (conversation); the first run on a new id creates it"),
  runId: id.describe("The client's id for this run; posting the same runId on a thread again answers the same run"),
  parentRunId: id.optional(),
  protocolVersion: z.string().max(50).optional(),
  state: boundedJson("state").optional(),
  messages: z.array(aguiMessage).max(MAX_MESSAGES).default([]),
  tools: z.array(aguiTool).max(MAX_TOOLS).default([]),
  context: z.array(z.looseObject({ description: z.string().max(4_000), value: z.string().max(MAX_MESSAGE_CHARS) })).max(MAX_CONTEXT).default([]),
  forwardedProps: boundedJson("forwardedProps").optional().describe("`agentId` (or `agent_id`) picks the agent of a new thread; otherwise your main agent answers"),
  resume: z.array(z.looseObject({ interruptId: id, status: z.enum(["resolved", "cancelled"]) })).max(MAX_TOOLS).optional(),
});
export type RunAgentInput = z.output<typeof runAgentInput>;

export const runAccepted = z.object({
  taskId: z.uuid().describe("The run's job id"),
  threadId: z.uuid(),
  runId: z.string(),
  created: z.boolean().describe("Whether this request created the thread"),
});

export const threadIdParam = z.object({ thread_id: z.uuid({ message: "thread_id must be a UUID" }) });
export const agentIdParam = z.object({
  agent_id: z.union([z.uuid(), z.literal("main")]).describe("An agent you may use, or `main` for your main agent"),
});

/** A calendar day, YYYY-MM-DD, that exists (2026-02-30 does not). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "A day is YYYY-MM-DD", abort: true })
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, "Not a day of the calendar");

export const historyQuery = z.object({ before: day.optional().describe("Read the latest day before this one (UTC), YYYY-MM-DD") });
export const userHistoryQuery = historyQuery.extend({ threadId: z.uuid({ message: "threadId must be a UUID" }).optional() });

/** A stored message as AG-UI shapes it. */
export const storedMessage = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant", "system", "developer", "tool"]),
  content: z.string(),
  toolCalls: z.array(z.object({ id: z.string(), type: z.literal("function"), function: z.object({ name: z.string(), arguments: z.string() }) })).optional(),
  toolCallId: z.string().optional(),
  createdAt: z.string().describe("ISO 8601"),
});
export type StoredMessage = z.output<typeof storedMessage>;

export const historySnapshot = z.object({
  type: z.literal("STATE_SNAPSHOT"),
  threadId: z.string().optional(),
  snapshot: z.object({
    scope: z.literal("history_day"),
    threadId: z.string().optional(),
    day: z.string().nullable().describe("The day (UTC) these messages are from; null when there is none"),
    hasMore: z.boolean().describe("Whether an earlier day has messages (ask again with before=day)"),
    messages: z.array(storedMessage),
  }),
});
export type HistorySnapshot = z.output<typeof historySnapshot>;
