import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import type { DbTx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { getJobRunner, type JobRunner } from "@/server/jobs";
import { phase } from "@/server/perf/phases";
import type { RunKind, StoredInput } from "./store";

export const AGENT_RUN_JOB = "agent-run";

export interface RunHandle {
  runId: string;
  sessionId: string;
  /** The caller asked the run to go on when its client goes away (else closing the stream cancels it). */
  continueOnDisconnect: boolean;
}

/** What a run's kind executes with: the viewer's context, and when its rows are stored (see startRun). */
export type RunContext = AuthedContext & {
  /** Resolves once the run's own rows (its session, the user's message) are stored; writes that refer to them wait for it. */
  stored?: Promise<unknown>;
};

export interface RunSpec {
  kind: RunKind;
  sessionId: string;
  /** Stored with the run: enough to execute it in any process (the viewer is added). */
  input: Record<string, unknown>;
  continueOnDisconnect: boolean;
  /** What preparing already loaded (agents, models, history): the executor in this process reuses it. */
  prepared: unknown;
  /** The kind's own rows (a new session, the user's message), written in the run's transaction. */
  store?: (tx: DbTx) => Promise<unknown>;
}

/** A run started in this process, for its executor: what preparing loaded, and its rows' write-behind. */
export interface LocalRun {
  kind: RunKind;
  sessionId: string;
  input: StoredInput;
  prepared: unknown;
  /** Write-behind only: the rows are being (or will be) stored; the executor neither claims nor waits. */
  stored?: Promise<void>;
  /** Write-behind only: the run's first event is out, so the rows may be written now. */
  firstEventOut?: () => void;
}

/**
 * How long a write-behind run waits for its first event before storing its rows anyway: on the
 * embedded database a write holds the process's only thread, so it waits for the first token to be
 * on its way first; a model slower than this gains nothing by waiting longer.
 */
const STORE_AFTER_MS = 25;

/** How long a run prepared here waits for this process's executor before its prepared state is dropped. */
const LOCAL_RUN_TTL_MS = 60_000;

/** Runs prepared in this process by id, for their executor; write-behind runs stay until stored. */
const globalForRuns = globalThis as unknown as { atriumLocalRuns?: Map<string, LocalRun>; atriumUnstoredRuns?: Map<string, { userId: string; stored: Promise<void> }> };
const localRuns = (globalForRuns.atriumLocalRuns ??= new Map());
const unstoredRuns = (globalForRuns.atriumUnstoredRuns ??= new Map());

export function takePrepared(runId: string) {
  const found = localRuns.get(runId);
  localRuns.delete(runId);
  return found;
}

/**
 * A run of this user started here whose row is not written yet (a client reconnecting within the
 * first milliseconds): wait until it is, so it reads like any other run.
 */
export async function untilStored(runId: string, userId: string) {
  const unstored = unstoredRuns.get(runId);
  if (unstored?.userId === userId) await unstored.stored.catch(() => {});
}

async function runnerForRuns(): Promise<JobRunner> {
  const runner = getJobRunner();
  if (runner.isRegistered(AGENT_RUN_JOB)) return runner;
  // Not started at boot (next dev, tests): start it now. Loaded here rather than imported: the
  // executor it registers imports the services that import this file.
  const { startBackgroundJobs } = await import("@/server/jobs/start");
  return startBackgroundJobs();
}

/**
 * Starts a run: its row (with the kind's own rows) and the job of the same id. Returns the handle
 * surfaces deliver from.
 *
 * Where the runner can run it here at once (the embedded database's in-process runner), the model
 * call comes first and the writes after: the job starts now, and the rows are written once the
 * first event is out (or after STORE_AFTER_MS), so the first token waits for no write. A process
 * that dies within those milliseconds loses the message with the run, which its client saw fail.
 * Otherwise (pg-boss, where any process may take the job) the rows are written, then the job queued.
 */
export async function startRun(ctx: AuthedContext, spec: RunSpec): Promise<RunHandle> {
  const input: StoredInput = { viewer: ctx.viewer, ...spec.input };
  const runner = await runnerForRuns();
  const handle = { sessionId: spec.sessionId, continueOnDisconnect: spec.continueOnDisconnect };
  const row = (id: string, status: "queued" | "running") => ({
    id,
    userId: ctx.viewer.userId,
    kind: spec.kind,
    sessionId: spec.sessionId,
    input: input as Prisma.InputJsonObject,
    continueOnDisconnect: spec.continueOnDisconnect,
    status,
    ...(status === "running" ? { owner: runner.owner, startedAt: new Date(), heartbeatAt: new Date() } : {}),
  });

  const runId = randomUUID();
  let storeWhen!: { resolve: () => void; reject: (error: unknown) => void };
  const stored = new Promise<void>((resolve, reject) => (storeWhen = { resolve, reject }));
  let firstEventOut!: () => void;
  const mayStore = new Promise<void>((resolve) => (firstEventOut = () => setImmediate(resolve)));
  // Set before the job starts: the executor takes it in its first synchronous steps.
  localRuns.set(runId, { kind: spec.kind, sessionId: spec.sessionId, input, prepared: spec.prepared, stored, firstEventOut });
  if (runner.runHere?.(AGENT_RUN_JOB, { runId }, { id: runId, storeWhen: stored })) {
    unstoredRuns.set(runId, { userId: ctx.viewer.userId, stored });
    setTimeout(firstEventOut, STORE_AFTER_MS).unref();
    void mayStore
      .then(() =>
        ctx.db.$transaction(async (tx) => {
          await spec.store?.(tx);
          await tx.agentRun.create({ data: row(runId, "running"), select: { id: true } });
        }),
      )
      .then(storeWhen.resolve, (error: unknown) => {
        console.error(`[runs] could not store run ${runId}`, error);
        storeWhen.reject(error);
      })
      .finally(() => unstoredRuns.delete(runId));
    phase("job started");
    return { runId, ...handle };
  }
  localRuns.delete(runId);
  stored.catch(() => {});

  const run = await ctx.db.$transaction(async (tx) => {
    await spec.store?.(tx);
    return tx.agentRun.create({ data: row(runId, "queued"), select: { id: true } });
  });
  phase("run stored");
  localRuns.set(run.id, { kind: spec.kind, sessionId: spec.sessionId, input, prepared: spec.prepared });
  // Another process may take the job (pg-boss): then this copy is never taken.
  setTimeout(() => localRuns.delete(run.id), LOCAL_RUN_TTL_MS).unref();
  try {
    await runner.enqueue(AGENT_RUN_JOB, { runId: run.id }, { id: run.id });
  } catch (error) {
    localRuns.delete(run.id);
    console.error(`[runs] could not enqueue run ${run.id}`, error);
    await ctx.db.agentRun.update({ where: { id: run.id }, data: { status: "failed", error: "Could not be queued", finishedAt: new Date() } });
    throw new AppError("SERVICE_UNAVAILABLE", "The run could not be started; try again");
  }
  phase("job queued");
  return { runId: run.id, ...handle };
}
