import { z } from "zod";

/** Seed 000's older A2A surface (`/a2a/agents`, `/a2a/tasks/send`, get, cancel): one schema per operation. */

export const legacyStatus = z.enum(["submitted", "working", "completed", "failed", "cancelled"]);

const textPart = z.object({ text: z.string().max(100_000).describe("The text of this part") });

export const legacyTaskSend = z.object({
  agent_id: z.uuid({ message: "Not a valid agent id" }).describe("The agent that answers: an id from GET /a2a/agents"),
  message: z.object({
    role: z.literal("user").describe("Always user: the message is from the client"),
    parts: z
      .array(textPart)
      .min(1)
      .max(50)
      .refine((parts) => parts.some((p) => p.text.trim()), "Write some text")
      .describe("Text parts, joined into the question"),
  }),
});
export type LegacyTaskSend = z.output<typeof legacyTaskSend>;

export const legacyResult = z.object({ role: z.literal("agent"), parts: z.array(textPart) });

export const legacyTask = z.object({
  task_id: z.string(),
  status: legacyStatus,
  result: legacyResult.optional().describe("The agent's answer, once completed"),
  error: z.string().optional().describe("Why it failed or was cancelled"),
});

export const legacyCancelled = z.object({ task_id: z.string(), status: z.literal("cancelled") });

export const legacyAgent = z.object({
  id: z.string().describe("The agent's id: agent_id for /a2a/tasks/send, and the skill id in the A2A 1.0 card"),
  name: z.string(),
  description: z.string().nullable(),
  is_main: z.boolean().describe("Your main agent: it answers protocol 1.0 messages that name no skill"),
});
export const legacyAgentList = z.object({ agents: z.array(legacyAgent), total: z.number().int() });
