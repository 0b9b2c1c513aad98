import "server-only";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { ownAgent } from "@/features/agents/service/access";
import type { AgentRow } from "@/features/agents/service/dto";
import { loadMembers, startMultiAgent, type Plan, type PreparedRun } from "./multi-agent";
import { debatePlan, graphPlan, sequentialPlan, title, topologicalOrder } from "./orchestrate";
import { executeRequest, workflowGraph } from "../execute-schemas";

const WHERE = "workflow_config";

function invalid(path: string, message: string) {
  return new AppError("VALIDATION_ERROR", `Invalid ${WHERE}: ${path}: ${message}`, { issues: [{ path, message }] });
}

/**
 * The agent nodes of a workflow and the edges between them, with pass-through nodes (start, end ...)
 * contracted away: an agent node's predecessors are the agent nodes reachable backwards through them.
 */
export function agentGraph(config: unknown, selfId: string) {
  const parsed = workflowGraph.safeParse(config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid([WHERE, ...issue.path].join("."), issue.message);
  }
  const { nodes, edges } = parsed.data;
  const isAgent = (n: (typeof nodes)[number]) => n.type === "agent" || n.agent_id !== undefined || n.data?.agent_id !== undefined;
  const known = new Set(nodes.map((n) => n.id));
  edges.forEach((e, i) => {
    if (!known.has(e.source)) throw invalid(`${WHERE}.edges.${i}.source`, `No node "${e.source}"`);
    if (!known.has(e.target)) throw invalid(`${WHERE}.edges.${i}.target`, `No node "${e.target}"`);
  });
  const agents = nodes.filter(isAgent).map((n) => ({ id: n.id, agent_id: n.agent_id ?? n.data?.agent_id ?? selfId }));
  const agentIds = new Set(agents.map((n) => n.id));
  const preds = (id: string, seen = new Set<string>()): string[] =>
    edges
      .filter((e) => e.target === id)
      .flatMap((e) => {
        if (agentIds.has(e.source)) return [e.source];
        if (seen.has(e.source)) return [];
        seen.add(e.source);
        return preds(e.source, seen);
      });
  const contracted = agents.flatMap((n) => [...new Set(preds(n.id))].map((source) => ({ source, target: n.id })));
  if (!agents.length) throw invalid(`${WHERE}.nodes`, "The workflow has no agent node");
  return { nodes: agents, edges: contracted };
}

/** POST /agents/{id}/execute: the agent alone, or one of the multi-agent modes built around it. */
export async function executeAgent(ctx: AuthedContext, agentId: string, input: z.infer<typeof executeRequest>) {
  return startMultiAgent(ctx, "execute", await buildExecution(ctx, agentId, input), { agentId, body: input }, input.continue_on_disconnect);
}

/** The run of an execute request: the agent (and the others it names) checked, the mode's plan built. */
export async function buildExecution(ctx: AuthedContext, agentId: string, input: z.infer<typeof executeRequest>): Promise<PreparedRun> {
  const self = await ownAgent(ctx.db, ctx.viewer, agentId, "use");
  let ids: string[];
  let build: (agentOf: (id: string) => AgentRow) => Plan;
  if (input.mode === "agent") {
    ids = [self.id];
    build = () => async (run) => ({ output: await run.step(self.id, "agent", null, input.input) });
  } else if (input.mode === "sequential") {
    ids = [self.id, ...input.agent_ids];
    build = (agentOf) => sequentialPlan(ids.map(agentOf), input.input);
  } else if (input.mode === "debate") {
    ids = [self.id, ...input.agent_ids];
    build = (agentOf) => debatePlan(ids.map(agentOf), agentOf(input.judge_agent_id ?? self.id), input.input, input.rounds);
    if (input.judge_agent_id) ids = [...ids, input.judge_agent_id];
  } else {
    const graph = agentGraph(self.workflowConfig, self.id);
    ids = graph.nodes.map((n) => n.agent_id);
    if (input.mode === "pipeline") {
      const order = topologicalOrder(graph.nodes, graph.edges, WHERE);
      const nodeAgent = new Map(graph.nodes.map((n) => [n.id, n.agent_id]));
      build = (agentOf) => sequentialPlan(order.map((id) => agentOf(nodeAgent.get(id)!)), input.input);
    } else {
      const plan = graphPlan({ ...graph, message: input.input }, WHERE);
      build = () => plan;
    }
  }
  const members = await loadMembers(ctx, ids);
  const plan = build((id) => members.get(id)!.agent);
  return { mode: input.mode, title: title(`${self.name}: ${input.mode}`, input.input), members, plan };
}
