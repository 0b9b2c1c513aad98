import { z } from "zod";
import { continueOnDisconnect, tokenUsage } from "./schemas";

/**
 * Multi-agent runs: /agent-chat/orchestrate (route | sequential | debate), /agent-chat/orchestrate/graph,
 * /swarm/run. Each run is stored as a chat session whose messages are the steps' prompts and answers
 * (one linear chain, readable with the history and branch endpoints), each answer tagged with its agent.
 */
const agentIds = z.array(z.uuid({ message: "Not a valid agent id" })).min(1, "Name at least one agent").max(10, "At most 10 agents");
const message = z.string().trim().min(1, "Write a message").max(32_000);

export const orchestrateRequest = z
  .object({
    mode: z.enum(["route", "sequential", "debate"]),
    agent_ids: agentIds,
    message,
    /** Debate rounds before the verdict (debate only). */
    rounds: z.number().int().min(1).max(5).default(2),
    /** Who gives the debate's verdict; default the first agent. */
    judge_agent_id: z.uuid({ message: "Not a valid agent id" }).optional(),
    /** Answer as Server-Sent Events (same as sending `Accept: text/event-stream`). */
    stream: z.boolean().default(false),
    continue_on_disconnect: continueOnDisconnect,
  })
  .superRefine((r, ctx) => {
    if (r.mode === "debate" && r.agent_ids.length < 2) ctx.addIssue({ code: "custom", path: ["agent_ids"], message: "A debate needs at least two agents" });
  });

export const graphRequest = z.object({
  nodes: z
    .array(z.object({ id: z.string().trim().min(1).max(64), agent_id: z.uuid({ message: "Not a valid agent id" }) }))
    .min(1, "Give at least one node")
    .max(20, "At most 20 nodes"),
  edges: z.array(z.object({ source: z.string().min(1).max(64), target: z.string().min(1).max(64) })).max(100).default([]),
  message,
  stream: z.boolean().default(false),
  continue_on_disconnect: continueOnDisconnect,
});

export const swarmRequest = z.object({
  /** The first agent coordinates (plans and synthesises); the others are the workers (with one agent it does both). */
  agent_ids: agentIds,
  task: message,
  /** Worker rounds: in round 2 and later each worker also sees the other workers' previous answers. */
  max_rounds: z.number().int().min(1).max(3).default(1),
  continue_on_disconnect: continueOnDisconnect,
});

export const stepRole = z.enum(["agent", "debater", "judge", "node", "coordinator", "worker", "synthesis"]);

export const runStep = z.object({
  step: z.number().int(),
  agent_id: z.string(),
  agent_name: z.string(),
  role: stepRole,
  /** The graph node id, or "round N" in a debate or swarm. */
  label: z.string().nullable(),
  input: z.string(),
  output: z.string(),
  message_id: z.string(),
  token_usage: tokenUsage,
  status: z.enum(["complete", "error", "aborted"]),
});

export const runResult = z.object({
  session_id: z.string(),
  mode: z.enum(["route", "sequential", "debate", "graph", "swarm", "agent", "pipeline"]),
  steps: z.array(runStep),
  /** The run's answer: the routed agent's, the last agent's, the verdict, the graph's sink node(s), the synthesis. */
  output: z.string(),
  token_usage: tokenUsage,
  /** route mode: which agent was picked and why. */
  routed_to: z.object({ agent_id: z.string(), agent_name: z.string(), reason: z.string() }).nullable(),
});

/** The SSE events of a streamed run (`token`, `tool_call`, `tool_result` also carry `step`). */
export const runEvents = {
  step_started: z.object({ step: z.number().int(), agent_id: z.string(), agent_name: z.string(), role: stepRole, label: z.string().nullable() }),
  token: z.object({ step: z.number().int(), content: z.string() }),
  tool_call: z.object({ step: z.number().int(), id: z.string(), name: z.string(), arguments: z.unknown() }),
  tool_result: z.object({ step: z.number().int(), id: z.string(), name: z.string(), result: z.unknown() }),
  step_finished: z.object({ step: z.number().int(), agent_id: z.string(), output: z.string(), token_usage: tokenUsage, status: z.string() }),
  done: runResult,
  error: z.object({ message: z.string(), step: z.number().int().nullable() }),
};

export type RunResult = z.infer<typeof runResult>;
export type RunStep = z.infer<typeof runStep>;
