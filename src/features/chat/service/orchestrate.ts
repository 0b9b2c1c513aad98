import "server-only";
import { generateText } from "ai";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import { AppError } from "@/server/errors";
import type { AgentRow } from "@/features/agents/service/dto";
import { meteredModel } from "@/features/models/service/usage";
import type { graphRequest, orchestrateRequest } from "../orchestrate-schemas";
import { runModelFor } from "./model";
import { loadMembers, RunStopped, startMultiAgent, type Plan, type PreparedRun, type Run } from "./multi-agent";

/** Orchestrate's modes (route, sequential, debate) and graphs: how each builds its plan. */

// ---- route ------------------------------------------------------------------------------------

const STOP_WORDS = new Set("the and for with that this from your you are was were have has had what which who whom into about please can could would should will not but all any how why when where our out get got its it's them they their there then than".split(" "));

function words(text: string) {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));
}

/** The built-in router: the agent whose name (counted twice), description and system prompt share the most words with the message (plural "s" ignored); ties go to the first listed. */
export function keywordRoute(message: string, agents: AgentRow[]): { agent: AgentRow; reason: string } {
  const asked = new Set(words(message));
  let best = { agent: agents[0], score: 0, hits: [] as string[] };
  for (const agent of agents) {
    const name = new Set(words(agent.name));
    const about = new Set(words(`${agent.description} ${agent.systemPrompt}`));
    const hits = [...asked].filter((w) => name.has(w) || about.has(w));
    const score = [...asked].reduce((sum, w) => sum + (name.has(w) ? 2 : 0) + (about.has(w) ? 1 : 0), 0);
    if (score > best.score) best = { agent, score, hits };
  }
  return {
    agent: best.agent,
    reason: best.score > 0 ? `keyword match: ${best.hits.join(", ")}` : "no keyword matched; the first agent answers",
  };
}

/**
 * Which agent answers: with a real model (the caller's default model config) the model is asked to
 * name one; if its answer names exactly one agent that one is picked, else (and with the built-in
 * model) the keyword router decides.
 */
async function chooseAgent(ctx: AuthedContext, run: Run, message: string, agents: AgentRow[]) {
  const router = await runModelFor(ctx.db, ctx.viewer.userId, null);
  if (router.spec) {
    try {
      const list = agents.map((a) => `- ${a.name}: ${a.description || a.systemPrompt.slice(0, 200)}`).join("\n");
      const { text } = await generateText({
        model: meteredModel(ctx.db, router.spec, { userId: ctx.viewer.userId, sessionId: run.sessionId, purpose: "chat" }),
        instructions: "You route a request to the one agent best suited to answer it. Reply with the agent's name only.",
        messages: [{ role: "user", content: `Agents:\n${list}\n\nRequest: ${message}` }],
        abortSignal: run.signal,
        maxRetries: 1,
      });
      const named = agents.filter((a) => text.toLowerCase().includes(a.name.toLowerCase()));
      if (named.length === 1) return { agent: named[0], reason: `picked by the router model (${router.spec.modelName})` };
    } catch (error) {
      if (run.signal.aborted) throw new RunStopped(null, "aborted", true);
      console.warn("[orchestrate] the router model failed; routing by keywords", error);
    }
  }
  return keywordRoute(message, agents);
}

// ---- modes ------------------------------------------------------------------------------------

export const title = (mode: string, message: string) => {
  const line = `[${mode}] ${message.split("\n")[0].trim()}`;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

/** POST /agent-chat/orchestrate. */
export async function orchestrate(ctx: AuthedContext, input: z.infer<typeof orchestrateRequest>) {
  return startMultiAgent(ctx, "orchestrate", await buildOrchestration(ctx, input), { body: input }, input.continue_on_disconnect);
}

/** The run of an orchestration request: its agents checked (404/400) and its plan. */
export async function buildOrchestration(ctx: AuthedContext, input: z.infer<typeof orchestrateRequest>): Promise<PreparedRun> {
  const ids = [...input.agent_ids, ...(input.judge_agent_id ? [input.judge_agent_id] : [])];
  const members = await loadMembers(ctx, ids);
  const agents = input.agent_ids.map((id) => members.get(id)!.agent);
  const message = input.message;
  let plan: Plan;
  if (input.mode === "route") {
    plan = async (run) => {
      const { agent, reason } = await chooseAgent(ctx, run, message, agents);
      const output = await run.step(agent.id, "agent", null, message);
      return { output, routed_to: { agent_id: agent.id, agent_name: agent.name, reason } };
    };
  } else if (input.mode === "sequential") {
    plan = sequentialPlan(agents, message);
  } else {
    plan = debatePlan(agents, members.get(input.judge_agent_id ?? input.agent_ids[0])!.agent, message, input.rounds);
  }
  return { mode: input.mode, title: title(input.mode, message), members, plan };
}

/** Each agent gets the task and the previous agent's output; the last output is the answer. */
export function sequentialPlan(agents: AgentRow[], message: string): Plan {
  return async (run) => {
    let output = "";
    for (const [i, agent] of agents.entries()) {
      const prompt = i === 0 ? message : `Task: ${message}\n\nPrevious output (from ${agents[i - 1].name}):\n${output}`;
      output = await run.step(agent.id, "agent", null, prompt);
    }
    return { output };
  };
}

/** `rounds` in which every agent answers the others' previous positions, then the judge's verdict. */
export function debatePlan(agents: AgentRow[], judge: AgentRow, message: string, rounds: number): Plan {
  return async (run) => {
    let last: { name: string; output: string }[] = [];
    const transcript: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      const said: { name: string; output: string }[] = [];
      for (const agent of agents) {
        const others = last.filter((s) => s.name !== agent.name);
        const prompt =
          round === 1
            ? `Debate: ${message}\n\nGive your position.`
            : `Debate: ${message}\n\nRound ${round}. The other positions:\n${others.map((s) => `- ${s.name}: ${s.output}`).join("\n")}\n\nAnswer them and restate your position.`;
        const output = await run.step(agent.id, "debater", `round ${round}`, prompt);
        said.push({ name: agent.name, output });
        transcript.push(`[round ${round}] ${agent.name}: ${output}`);
      }
      last = said;
    }
    const verdict = await run.step(judge.id, "judge", "verdict", `Judge this debate on: ${message}\n\n${transcript.join("\n")}\n\nGive the verdict.`);
    return { output: verdict };
  };
}

/** Kahn's algorithm, stable in the order the nodes were given; a cycle or an unknown node id is a 422. */
export function topologicalOrder(nodes: { id: string }[], edges: { source: string; target: string }[], where = ""): string[] {
  // Fields are named as the input knows them ("edges.0.target"; the REST adapter adds "body."), or
  // below `where` when the graph is one field of something else (an agent's workflow_config).
  const invalid = (path: string, message: string) => {
    const field = where ? path : path.slice(1);
    return new AppError("VALIDATION_ERROR", `Invalid ${where || "body"}: ${field}: ${message}`, { issues: [{ path: field, message }] });
  };
  const ids = nodes.map((n) => n.id);
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw invalid(`${where}.nodes.${i}.id`, `Duplicate node id "${id}"`);
    seen.add(id);
  });
  const indegree = new Map(ids.map((id) => [id, 0]));
  edges.forEach((e, i) => {
    if (!seen.has(e.source)) throw invalid(`${where}.edges.${i}.source`, `No node "${e.source}"`);
    if (!seen.has(e.target)) throw invalid(`${where}.edges.${i}.target`, `No node "${e.target}"`);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  });
  const order: string[] = [];
  const ready = ids.filter((id) => indegree.get(id) === 0);
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of edges.filter((edge) => edge.source === id)) {
      indegree.set(e.target, indegree.get(e.target)! - 1);
      if (indegree.get(e.target) === 0) ready.push(e.target);
    }
    ready.sort((a, b) => ids.indexOf(a) - ids.indexOf(b));
  }
  if (order.length < ids.length) {
    const stuck = ids.filter((id) => !order.includes(id));
    throw invalid(`${where}.edges`, `The graph has a cycle through ${stuck.map((id) => `"${id}"`).join(", ")}`);
  }
  return order;
}

/** The plan of a graph: nodes in topological order, each given the outputs of its predecessors; the answer is the sink nodes' output. */
export function graphPlan(input: { nodes: { id: string; agent_id: string }[]; edges: { source: string; target: string }[]; message: string }, where = ""): Plan {
  const order = topologicalOrder(input.nodes, input.edges, where);
  const agentOf = new Map(input.nodes.map((n) => [n.id, n.agent_id]));
  return async (run) => {
    const outputs = new Map<string, string>();
    for (const id of order) {
      const preds = input.edges.filter((e) => e.target === id).map((e) => e.source);
      const prompt = preds.length
        ? `Task: ${input.message}\n\nInputs:\n${preds.map((p) => `[${p} (${run.member(agentOf.get(p)!).agent.name})]: ${outputs.get(p)}`).join("\n")}`
        : input.message;
      outputs.set(id, await run.step(agentOf.get(id)!, "node", id, prompt));
    }
    const sinks = order.filter((id) => !input.edges.some((e) => e.source === id));
    return { output: sinks.length === 1 ? outputs.get(sinks[0])! : sinks.map((id) => `[${id}]: ${outputs.get(id)}`).join("\n\n") };
  };
}

/** POST /agent-chat/orchestrate/graph. */
export async function orchestrateGraph(ctx: AuthedContext, input: z.infer<typeof graphRequest>) {
  return startMultiAgent(ctx, "graph", await buildGraph(ctx, input), { body: input }, input.continue_on_disconnect);
}

/** The run of a graph request: the graph checked (422), its agents loaded (404/400). */
export async function buildGraph(ctx: AuthedContext, input: z.infer<typeof graphRequest>): Promise<PreparedRun> {
  const plan = graphPlan(input);
  const members = await loadMembers(ctx, input.nodes.map((n) => n.agent_id));
  return { mode: "graph", title: title("graph", input.message), members, plan };
}
