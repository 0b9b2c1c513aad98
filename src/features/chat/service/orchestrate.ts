import "server-only";
import { generateText } from "ai";
import type { z } from "zod";
import type { AuthedContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { ownAgent } from "@/features/agents/service/access";
import type { AgentRow } from "@/features/agents/service/dto";
import { meteredModel } from "@/features/models/service/usage";
import type { graphRequest, orchestrateRequest, RunResult, RunStep } from "../orchestrate-schemas";
import type { Emit } from "../runs/events";
import type { KindOutcome } from "../runs/kinds";
import { startRun, type RunHandle } from "../runs/start";
import type { RunKind } from "../runs/store";
import { runAgentStep } from "./agent-step";
import { runModelFor, type RunModel } from "./model";

type Mode = RunResult["mode"];
interface Member {
  agent: AgentRow;
  runModel: RunModel;
}

/** A step failed (model error) or the client went away: the run stops. */
class RunStopped extends Error {
  constructor(
    readonly step: number | null,
    message: string,
    readonly aborted = false,
  ) {
    super(message);
  }
}

/**
 * Your agents by id, each with its model, checked before anything runs: someone else's agent (or a
 * missing one) is a 404, an agent whose provider has no model config a 400.
 */
export async function loadMembers(ctx: AuthedContext, ids: string[]): Promise<Map<string, Member>> {
  const members = new Map<string, Member>();
  for (const id of ids) {
    if (members.has(id)) continue;
    const agent = await ownAgent(ctx.db, ctx.viewer, id);
    members.set(id, { agent, runModel: await runModelFor(ctx.db, ctx.viewer.userId, agent) });
  }
  return members;
}

/** One run: a chat session whose messages chain step after step, each answer tagged with its agent. */
export class Run {
  readonly steps: RunStep[] = [];
  private head: string | null = null;
  constructor(
    private readonly ctx: AuthedContext,
    readonly mode: Mode,
    readonly sessionId: string,
    private readonly members: Map<string, Member>,
    private readonly send: Emit,
    readonly signal: AbortSignal,
  ) {}

  member(id: string) {
    return this.members.get(id)!;
  }

  /** Runs one agent on one prompt (streaming its events) and returns its answer. */
  async step(agentId: string, role: RunStep["role"], label: string | null, prompt: string): Promise<string> {
    if (this.signal.aborted) throw new RunStopped(null, "aborted", true);
    const { agent, runModel } = this.member(agentId);
    const step = this.steps.length + 1;
    this.send("step_started", { step, agent_id: agent.id, agent_name: agent.name, role, label });
    const outcome = await runAgentStep(
      this.ctx,
      { agent, runModel, sessionId: this.sessionId, parentId: this.head, prompt },
      {
        token: (content) => this.send("token", { step, content }),
        toolCall: (call) => this.send("tool_call", { step, ...call }),
        toolResult: (result) => this.send("tool_result", { step, ...result }),
      },
      this.signal,
    );
    this.head = outcome.messageId;
    await this.ctx.db.orchestrationStep.create({
      data: { userId: this.ctx.viewer.userId, sessionId: this.sessionId, messageId: outcome.messageId, agentId: agent.id, mode: this.mode, step, role, label },
    });
    this.steps.push({
      step,
      agent_id: agent.id,
      agent_name: agent.name,
      role,
      label,
      input: prompt,
      output: outcome.content,
      message_id: outcome.messageId,
      token_usage: outcome.usage,
      status: outcome.status,
    });
    this.send("step_finished", { step, agent_id: agent.id, output: outcome.content, token_usage: outcome.usage, status: outcome.status });
    if (outcome.status === "aborted") throw new RunStopped(step, "aborted", true);
    if (outcome.status === "error") throw new RunStopped(step, outcome.error ?? "The model call failed");
    return outcome.content;
  }

  usage() {
    return this.steps.reduce(
      (sum, s) => ({ input_tokens: sum.input_tokens + s.token_usage.input_tokens, output_tokens: sum.output_tokens + s.token_usage.output_tokens }),
      { input_tokens: 0, output_tokens: 0 },
    );
  }
}

export type Plan = (run: Run) => Promise<{ output: string; routed_to?: RunResult["routed_to"] }>;

/** A multi-agent run, checked and loaded: its members (each with its model) and its plan. */
export interface PreparedRun {
  mode: Mode;
  title: string;
  members: Map<string, Member>;
  plan: Plan;
}

/**
 * Starts a prepared multi-agent run: a chat session for its steps, then the run (queued, and in this
 * process started at once). `body` is stored so that another process can build the same run again.
 */
export async function startMultiAgent(ctx: AuthedContext, kind: RunKind, prepared: PreparedRun, input: Record<string, unknown>, continueOnDisconnect: boolean): Promise<RunHandle> {
  const session = await ctx.db.chatSession.create({ data: { userId: ctx.viewer.userId, agentId: null, title: prepared.title } });
  return startRun(ctx, { kind, sessionId: session.id, input, continueOnDisconnect, prepared });
}

/**
 * Executes a multi-agent run: `step_started`, `token`, `tool_call`, `tool_result`, `step_finished`
 * per step, then `done` (the result, also kept as the JSON answer) or `error` {message, step}.
 */
export async function executeMultiAgent(ctx: AuthedContext, sessionId: string, prepared: PreparedRun, emit: Emit, signal: AbortSignal): Promise<KindOutcome> {
  const run = new Run(ctx, prepared.mode, sessionId, prepared.members, emit, signal);
  try {
    const { output, routed_to } = await prepared.plan(run);
    const result: RunResult = { session_id: sessionId, mode: prepared.mode, steps: run.steps, output, token_usage: run.usage(), routed_to: routed_to ?? null };
    return { status: "succeeded", result, terminal: { type: "done", data: result } };
  } catch (error) {
    if (!(error instanceof RunStopped)) throw error;
    const message = error.aborted ? "The run was cancelled" : error.message;
    return { status: error.aborted ? "cancelled" : "failed", error: message, terminal: { type: "error", data: { message, step: error.step } } };
  }
}

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
export function topologicalOrder(nodes: { id: string }[], edges: { source: string; target: string }[], where = "body"): string[] {
  const invalid = (path: string, message: string) => new AppError("VALIDATION_ERROR", `Invalid ${where}: ${path}: ${message}`, { issues: [{ path, message }] });
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
export function graphPlan(input: { nodes: { id: string; agent_id: string }[]; edges: { source: string; target: string }[]; message: string }, where = "body"): Plan {
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
