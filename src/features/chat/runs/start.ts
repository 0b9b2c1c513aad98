import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { getJobRunner } from "@/server/jobs";
import type { RunKind, StoredInput } from "./store";

export const AGENT_RUN_JOB = "agent-run";

export interface RunHandle {
  runId: string;
  sessionId: string;
  /** The caller asked the run to go on when its client goes away (else closing the stream cancels it). */
  continueOnDisconnect: boolean;
}

export interface RunSpec {
  kind: RunKind;
  sessionId: string;
  /** Stored with the run: enough to execute it in any process (the viewer is added). */
  input: Record<string, unknown>;
  continueOnDisconnect: boolean;
  /** What preparing already loaded (agents, models, history): the executor in this process reuses it. */
  prepared: unknown;
}

/** Prepared state by run id, for the executor when it runs in the process that prepared the run. */
const globalForRuns = globalThis as unknown as { atriumPreparedRuns?: Map<string, { kind: RunKind; sessionId: string; input: StoredInput; prepared: unknown }> };
const preparedRuns = (globalForRuns.atriumPreparedRuns ??= new Map());

export function takePrepared(runId: string) {
  const found = preparedRuns.get(runId);
  preparedRuns.delete(runId);
  return found;
}

/**
 * Stores the run (status queued) and hands it to the job runner as the job of the same id; in this
 * process the runner starts it at once. Returns the handle surfaces deliver from.
 */
export async function startRun(ctx: AuthedContext, spec: RunSpec): Promise<RunHandle> {
  const input: StoredInput = { viewer: ctx.viewer, ...spec.input };
  const run = await ctx.db.agentRun.create({
    data: { userId: ctx.viewer.userId, kind: spec.kind, sessionId: spec.sessionId, input: input as Prisma.InputJsonObject, continueOnDisconnect: spec.continueOnDisconnect },
    select: { id: true },
  });
  preparedRuns.set(run.id, { kind: spec.kind, sessionId: spec.sessionId, input, prepared: spec.prepared });
  let runner = getJobRunner();
  if (!runner.isRegistered(AGENT_RUN_JOB)) {
    // Not started at boot (next dev, tests): start it now. Loaded here rather than imported: the
    // executor it registers imports the services that import this file.
    const { startBackgroundJobs } = await import("@/server/jobs/start");
    runner = await startBackgroundJobs();
  }
  try {
    await runner.enqueue(AGENT_RUN_JOB, { runId: run.id }, { id: run.id });
  } catch (error) {
    preparedRuns.delete(run.id);
    console.error(`[runs] could not enqueue run ${run.id}`, error);
    await ctx.db.agentRun.update({ where: { id: run.id }, data: { status: "failed", error: "Could not be queued", finishedAt: new Date() } });
    throw new AppError("SERVICE_UNAVAILABLE", "The run could not be started; try again");
  }
  return { runId: run.id, sessionId: spec.sessionId, continueOnDisconnect: spec.continueOnDisconnect };
}
