import "server-only";
import type { AuthedContext } from "@/server/context";
import { buildExecution } from "../service/execute";
import { executeChat, rebuildChat } from "../service/run";
import { executeMultiAgent, type PreparedRun } from "../service/multi-agent";
import { buildGraph, buildOrchestration } from "../service/orchestrate";
import { buildSwarm } from "../service/swarm";
import type { Emit } from "./events";
import type { RunContext } from "./start";
import type { RunKind, StoredInput } from "./store";
import type { WaitRequest } from "./waiting";

/** How a run ended: its row's status and result, and the last event of its stream; or that it waits for an approval. */
export type KindOutcome = FinishedOutcome | { status: "waiting"; wait: WaitRequest };

export interface FinishedOutcome {
  status: "succeeded" | "failed" | "cancelled";
  terminal: { type: "done" | "error"; data: unknown };
  /** The JSON answer (non-streaming endpoints return it). */
  result?: object;
  error?: string;
}

interface KindDef {
  /** Loads what the run needs from its stored input (in a process other than the one that prepared it). */
  rebuild(ctx: AuthedContext, input: StoredInput): Promise<unknown>;
  execute(ctx: RunContext, sessionId: string, prepared: unknown, emit: Emit, signal: AbortSignal): Promise<KindOutcome>;
}

type Body<T> = StoredInput & { body: T };

const multiAgent = (build: (ctx: AuthedContext, input: StoredInput) => Promise<PreparedRun>): KindDef => ({
  rebuild: build,
  execute: (ctx, sessionId, prepared, emit, signal) => executeMultiAgent(ctx, sessionId, prepared as PreparedRun, emit, signal),
});

export const RUN_KINDS: Record<RunKind, KindDef> = {
  chat: {
    rebuild: rebuildChat,
    execute: (ctx, sessionId, prepared, emit, signal) => executeChat(ctx, sessionId, prepared as Awaited<ReturnType<typeof rebuildChat>>, emit, signal),
  },
  orchestrate: multiAgent((ctx, input) => buildOrchestration(ctx, (input as Body<Parameters<typeof buildOrchestration>[1]>).body)),
  graph: multiAgent((ctx, input) => buildGraph(ctx, (input as Body<Parameters<typeof buildGraph>[1]>).body)),
  swarm: multiAgent((ctx, input) => buildSwarm(ctx, (input as Body<Parameters<typeof buildSwarm>[1]>).body)),
  execute: multiAgent((ctx, input) => {
    const { agentId, body } = input as Body<Parameters<typeof buildExecution>[2]> & { agentId: string };
    return buildExecution(ctx, agentId, body);
  }),
};
