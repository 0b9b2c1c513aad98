import type { DbTx } from "../db/client";
/**
 * One job runner for all background work (agent runs now; workflows, A2A tasks, webhooks next):
 * in-process on the embedded database (a `jobs` table and this process's worker), pg-boss on a real
 * Postgres so several Atrium processes share the work. Chosen like the database (DATABASE_URL).
 */
export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** Aborts when the job is cancelled (or the runner stops): pass it to whatever the job waits on. */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (payload: P, job: JobContext) => Promise<void>;

export interface HandlerOptions {
  /** Jobs of this name one process runs at once (the rest wait their turn). Default 50. */
  concurrency?: number;
  /**
   * Tries in all. A job whose process died, or whose handler threw, runs again until it has had
   * this many; 1 (the default) suits work that is not safe to repeat.
   */
  maxAttempts?: number;
}

export interface JobRunner {
  readonly kind: "in-process" | "pg-boss";
  /** Who this process is to the runner (random per start): a running job of another owner was interrupted. */
  readonly owner: string;
  register<P>(name: string, handler: JobHandler<P>, options?: HandlerOptions): void;
  isRegistered(name: string): boolean;
  /**
   * Stores the job and, when this process has room for it, starts it at once (no polling delay).
   * `id` lets the caller name the job after what it works on (an agent run's job has the run's id).
   */
  enqueue(name: string, payload: object, options?: { id?: string }): Promise<string>;
  /**
   * Runs the job in this process now, when this runner can (the in-process runner, with room for
   * it): its row is written once `storeWhen` resolves (if it rejects, the job is aborted and leaves
   * no row). For work whose start must not wait for a write (an agent's first token). False: not
   * started; enqueue it instead.
   */
  runHere?(name: string, payload: object, options: { id: string; storeWhen: Promise<unknown> }): boolean;
  /**
   * Stores jobs with the caller's transaction, so they exist exactly when what they work on does; the
   * function it returns starts them and is called once that transaction has committed (not at all if
   * it rolled back). The in-process runner writes the rows through `tx`; pg-boss keeps its jobs in its
   * own schema over its own connections, so there the jobs are sent when the function is called (a
   * crash in between leaves the work without a job, as a plain enqueue after a commit would).
   */
  enqueueWithin(tx: DbTx, jobs: { name: string; payload: object; id: string }[]): Promise<() => Promise<void>>;
  /** Stops a queued job from starting and aborts a running one. */
  cancel(id: string): Promise<void>;
  /** Recovers interrupted jobs and starts working; enqueue() calls it on first use. */
  start(): Promise<void>;
  /** Aborts what runs here and stops taking work. */
  stop(): Promise<void>;
}

export const DEFAULT_CONCURRENCY = 50;

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);
