import "server-only";
import type { AuthedContext } from "@/server/context";
import { ownAgent } from "@/features/agents/service/access";
import { requirePermission } from "@/features/permissions/service/check";
import type { AgentRow } from "@/features/agents/service/dto";
import type { RunResult, RunStep, runEvents } from "../orchestrate-schemas";
import type { TypedEmit } from "../runs/events";
import type { KindOutcome } from "../runs/kinds";
import { startRun, type RunHandle } from "../runs/start";
import type { RunKind } from "../runs/store";
import { runAgentStep } from "./agent-step";
import { runModelFor, type RunModel } from "./model";

/**
 * The machinery every multi-agent run shares (orchestrate's modes, graphs, swarms, agent execute):
 * members checked before anything runs, a run whose steps chain as one chat session, starting it as
 * a job and executing it into the run's events.
 */
type Mode = RunResult["mode"];
interface Member {
  agent: AgentRow;
  runModel: RunModel;
}

/** A step failed (model error) or the client went away: the run stops. */
export class RunStopped extends Error {
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
  await requirePermission(ctx.db, ctx.viewer, "chat:use");
  const members = new Map<string, Member>();
  for (const id of ids) {
    if (members.has(id)) continue;
    const agent = await ownAgent(ctx.db, ctx.viewer, id, "use");
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
    private readonly send: TypedEmit<typeof runEvents>,
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
export async function executeMultiAgent(ctx: AuthedContext, sessionId: string, prepared: PreparedRun, emit: TypedEmit<typeof runEvents>, signal: AbortSignal): Promise<KindOutcome> {
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
