import { z } from "zod";

/** An agent run (a chat reply, an orchestration, a swarm, an agent execution) as a job with an id. */
export const runIdParam = z.object({ run_id: z.uuid({ message: "Not a valid run id" }) });

export const agentRun = z.object({
  id: z.string(),
  kind: z.enum(["chat", "orchestrate", "graph", "swarm", "execute"]),
  status: z.enum(["queued", "running", "waiting", "succeeded", "failed", "cancelled"]).describe("`waiting`: paused on an approval (see /api/approvals); it goes on once decided"),
  session_id: z.string().nullable().describe("The chat session holding the run's messages."),
  continue_on_disconnect: z.boolean().describe("Whether the run goes on when its streaming client disconnects."),
  error: z.string().nullable().describe("Why a failed or cancelled run ended."),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});
