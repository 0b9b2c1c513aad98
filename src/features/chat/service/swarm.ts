import "server-only";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import type { swarmRequest } from "../orchestrate-schemas";
import { loadMembers, startMultiAgent, type Plan, type PreparedRun } from "./multi-agent";

/**
 * A swarm: the coordinator (the first agent) plans and assigns a part to each worker, the workers
 * answer (for `max_rounds` rounds; from round 2 each sees the others' previous answers), and the
 * coordinator synthesises the final answer. With one agent it coordinates and works alone.
 */
export function swarmPlan(input: z.infer<typeof swarmRequest>): Plan {
  const [coordinatorId, ...rest] = input.agent_ids;
  const workerIds = rest.length ? rest : [coordinatorId];
  return async (run) => {
    const names = workerIds.map((id) => run.member(id).agent.name);
    const plan = await run.step(
      coordinatorId,
      "coordinator",
      "plan",
      `Task: ${input.task}\n\nWorkers: ${names.join(", ")}.\nSplit the task and assign one part to each worker.`,
    );
    let answers: { name: string; output: string }[] = [];
    for (let round = 1; round <= input.max_rounds; round++) {
      const next: { name: string; output: string }[] = [];
      for (const id of workerIds) {
        const name = run.member(id).agent.name;
        const others = answers.filter((a) => a.name !== name);
        const prompt =
          `Task: ${input.task}\n\nCoordinator's plan: ${plan}\n\nYou are ${name}: do your part.` +
          (others.length ? `\n\nThe other workers so far:\n${others.map((a) => `- ${a.name}: ${a.output}`).join("\n")}` : "");
        next.push({ name, output: await run.step(id, "worker", `round ${round}`, prompt) });
      }
      answers = next;
    }
    const output = await run.step(
      coordinatorId,
      "synthesis",
      "synthesis",
      `Task: ${input.task}\n\nWorker results:\n${answers.map((a) => `- ${a.name}: ${a.output}`).join("\n")}\n\nSynthesise the final answer.`,
    );
    return { output };
  };
}

/** POST /swarm/run and /swarm/run/stream. */
export async function runSwarm(ctx: AuthedContext, input: z.infer<typeof swarmRequest>) {
  return startMultiAgent(ctx, "swarm", await buildSwarm(ctx, input), { body: input }, input.continue_on_disconnect);
}

/** The run of a swarm request: its agents checked (404/400) and the swarm's plan. */
export async function buildSwarm(ctx: AuthedContext, input: z.infer<typeof swarmRequest>): Promise<PreparedRun> {
  const members = await loadMembers(ctx, input.agent_ids);
  const line = `[swarm] ${input.task.split("\n")[0].trim()}`;
  return { mode: "swarm", title: line.length > 80 ? `${line.slice(0, 79)}…` : line, members, plan: swarmPlan(input) };
}
