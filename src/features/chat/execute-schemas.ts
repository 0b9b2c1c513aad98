import { z } from "zod";
import { continueOnDisconnect } from "./schemas";

/**
 * POST /agents/{id}/execute. `agent`: this agent answers `input`. `sequential`: this agent, then each
 * of `agent_ids`, each seeing the previous output. `pipeline`: the agent nodes of this agent's
 * `workflow_config` in topological order, as a chain. `debate`: this agent and `agent_ids` debate for
 * `rounds`, then `judge_agent_id` (default this agent) gives the verdict. `graph`: this agent's
 * `workflow_config` as a graph, each node given its predecessors' outputs.
 */
export const executeRequest = z
  .object({
    mode: z.enum(["agent", "sequential", "pipeline", "debate", "graph"]).default("agent"),
    input: z.string().trim().min(1, "Write the input").max(32_000),
    agent_ids: z.array(z.uuid({ message: "Not a valid agent id" })).max(9, "At most 9 other agents").default([]),
    rounds: z.number().int().min(1).max(5).default(2),
    judge_agent_id: z.uuid({ message: "Not a valid agent id" }).optional(),
    /** Answer as Server-Sent Events (same as sending `Accept: text/event-stream`). */
    stream: z.boolean().default(false),
    continue_on_disconnect: continueOnDisconnect,
  })
  .superRefine((r, ctx) => {
    if (r.mode === "debate" && r.agent_ids.length < 1) ctx.addIssue({ code: "custom", path: ["agent_ids"], message: "A debate needs at least one other agent" });
  });

/**
 * The part of `workflow_config` execution reads (seed 004's nodes/edges). A node of type `agent` (or
 * with an `agent_id`) runs an agent: its `agent_id` (or `data.agent_id`), else the agent itself;
 * other nodes (`start`, `end`, ...) only pass their inputs through.
 */
export const workflowGraph = z
  .object({
    nodes: z
      .array(
        z
          .object({
            id: z.string().trim().min(1, "Give the node an id").max(64),
            type: z.string().max(64).optional(),
            agent_id: z.uuid({ message: "Not a valid agent id" }).optional(),
            data: z.object({ agent_id: z.uuid({ message: "Not a valid agent id" }).optional() }).loose().optional(),
          })
          .loose(),
      )
      .max(50)
      .default([]),
    edges: z.array(z.object({ source: z.string().min(1), target: z.string().min(1) }).loose()).max(200).default([]),
  })
  .loose();
