import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { Db, DbTx } from "../db/client";
import { log, logJob } from "../log";
import { DEFAULT_CONCURRENCY, errorText, type HandlerOptions, type JobHandler, type JobRunner } from "./runner";

interface Registration {
  handler: JobHandler<unknown>;
  options: HandlerOptions;
}

interface Claimed {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
}

/**
 * The embedded database's runner: jobs are rows of `jobs`, worked by this process. The embedded
 * database belongs to one process, so at start every job still `running` was interrupted by the
 * previous process: it is queued again while it has tries left, else failed; finished jobs older
 * than a week are dropped. Enqueueing starts the
 * job in the same call, so an agent's first token waits for one insert, not for a polling loop.
 */
export class InProcessJobRunner implements JobRunner {
  readonly kind = "in-process" as const;
  readonly owner = randomUUID();
  private handlers = new Map<string, Registration>();
  private running = new Map<string, { name: string; controller: AbortController; done: Promise<void> }>();
  private draining = new Set<string>();
  /**
   * Names that may have queued rows. This process is the embedded database's only worker, so it
   * knows: rows queued by enqueue (no room), by a retry, or by recovery at start. A job's end
   * drains only these, instead of a claim statement that finds nothing after every job.
   */
  private mayHaveQueued = new Map<string, number>();
  private started: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly db: () => Db) {}

  register<P>(name: string, handler: JobHandler<P>, options: HandlerOptions = {}) {
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, options });
    this.noteQueued(name);
    if (this.started) void this.started.then(() => this.drain(name));
  }

  isRegistered(name: string) {
    return this.handlers.has(name);
  }

  start() {
    this.started ??= this.recover();
    return this.started;
  }

  private async recover() {
    await this.db().$executeRaw`
      UPDATE jobs SET
        status = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,
        error = CASE WHEN attempts < max_attempts THEN error ELSE 'Interrupted: the process running it stopped' END,
        finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE now() END,
        owner = NULL
      WHERE status = 'running' AND owner IS DISTINCT FROM ${this.owner}`;
    for (const name of this.handlers.keys()) this.noteQueued(name);
    // Finished jobs are kept a week for inspection (what pg-boss keeps too), then dropped.
    await this.db().$executeRaw`DELETE FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at < now() - interval '7 days'`;
    for (const name of this.handlers.keys()) void this.drain(name);
  }

  /** Rows of `name` may be queued (a counter, so a drain that found none forgets only what it looked for). */
  private noteQueued(name: string) {
    this.mayHaveQueued.set(name, (this.mayHaveQueued.get(name) ?? 0) + 1);
  }

  async enqueue(name: string, payload: object, options: { id?: string } = {}) {
    await this.start();
    const registration = this.handlers.get(name);
    const runNow = !this.stopped && registration !== undefined && this.activeCount(name) < (registration.options.concurrency ?? DEFAULT_CONCURRENCY);
    const now = new Date();
    const id = options.id ?? randomUUID();
    const stored = this.db().job.create({
      data: {
        id,
        name,
        payload: payload as Prisma.InputJsonObject,
        maxAttempts: registration?.options.maxAttempts ?? 1,
        ...(runNow ? { status: "running", owner: this.owner, attempts: 1, startedAt: now, heartbeatAt: now } : {}),
      },
      select: { id: true },
    });
    // Started while its row is written: the handler's own first steps overlap the insert.
    if (runNow) this.execute({ id, name, payload, attempts: 1 }, stored);
    await stored;
    if (!runNow) {
      // Noted once stored (a drain looking meanwhile would not see the row), then drained in case
      // every running job ended while it was being written.
      this.noteQueued(name);
      void this.drain(name);
    }
    return id;
  }

  async enqueueWithin(tx: DbTx, jobs: { name: string; payload: object; id: string }[]) {
    await this.start();
    const now = new Date();
    // Room is taken now (a job counts as running from here), so a burst does not overrun a handler's concurrency.
    const room = new Map<string, number>();
    const runsNow = jobs.map((job) => {
      const registration = this.handlers.get(job.name);
      if (this.stopped || !registration) return false;
      const left = room.get(job.name) ?? (registration.options.concurrency ?? DEFAULT_CONCURRENCY) - this.activeCount(job.name);
      room.set(job.name, left - 1);
      return left > 0;
    });
    await tx.job.createMany({
      data: jobs.map((job, i) => ({
        id: job.id,
        name: job.name,
        payload: job.payload as Prisma.InputJsonObject,
        maxAttempts: this.handlers.get(job.name)?.options.maxAttempts ?? 1,
        ...(runsNow[i] ? { status: "running", owner: this.owner, attempts: 1, startedAt: now, heartbeatAt: now } : {}),
      })),
    });
    const reserved = jobs.filter((_, i) => runsNow[i]).map((job) => this.reserve(job));
    return async () => {
      // Committed: a row written running is this process's to run (if it dies first, start-up recovery queues it again).
      for (const start of reserved) start();
      for (const name of new Set(jobs.filter((_, i) => !runsNow[i]).map((j) => j.name))) {
        this.noteQueued(name);
        void this.drain(name);
      }
    };
  }

  /** Holds a place for a job among the running ones until it is started (the returned function). */
  private reserve(job: { name: string; payload: object; id: string }) {
    const controller = new AbortController();
    this.running.set(job.id, { name: job.name, controller, done: Promise.resolve() });
    return () => {
      this.running.delete(job.id);
      if (this.stopped) return; // its row stays running: the next start queues it again
      if (controller.signal.aborted) {
        // Cancelled between its write and its start.
        void this.db()
          .job.update({ where: { id: job.id }, data: { status: "cancelled", owner: null, finishedAt: new Date() } })
          .catch((error: unknown) => log.error("could not record the end of a job", { job_id: job.id, err: error }));
        return;
      }
      this.execute({ id: job.id, name: job.name, payload: job.payload, attempts: 1 });
    };
  }

  runHere(name: string, payload: object, { id, storeWhen }: { id: string; storeWhen: Promise<unknown> }) {
    const registration = this.handlers.get(name);
    if (this.stopped || !registration || this.activeCount(name) >= (registration.options.concurrency ?? DEFAULT_CONCURRENCY)) return false;
    void this.start();
    const stored = storeWhen.then(() => {
      const now = new Date();
      return this.db().job.create({
        data: { id, name, payload: payload as Prisma.InputJsonObject, maxAttempts: registration.options.maxAttempts ?? 1, status: "running", owner: this.owner, attempts: 1, startedAt: now, heartbeatAt: now },
        select: { id: true },
      });
    });
    this.execute({ id, name, payload, attempts: 1 }, stored);
    return true;
  }

  async cancel(id: string) {
    const local = this.running.get(id);
    if (local) {
      local.controller.abort();
      return;
    }
    await this.db().job.updateMany({ where: { id, status: "queued" }, data: { status: "cancelled", finishedAt: new Date() } });
  }

  async stop() {
    this.stopped = true;
    const all = [...this.running.values()];
    for (const job of all) job.controller.abort();
    await Promise.allSettled(all.map((job) => job.done));
  }

  private activeCount(name: string) {
    let count = 0;
    for (const job of this.running.values()) if (job.name === name) count++;
    return count;
  }

  private execute(job: Claimed, stored: Promise<unknown> = Promise.resolve()) {
    const registration = this.handlers.get(job.name)!;
    const controller = new AbortController();
    // No row, no job: a failed insert stops the handler (enqueue reports the error).
    stored.catch(() => controller.abort());
    const done = (async () => {
      let status: "succeeded" | "failed" | "cancelled" | "queued" = "succeeded";
      let error: string | null = null;
      const started = performance.now();
      logJob("started", { name: job.name, id: job.id, attempt: job.attempts });
      let thrownError: unknown;
      try {
        await registration.handler(job.payload, { jobId: job.id, attempt: job.attempts, signal: controller.signal });
        if (controller.signal.aborted) status = "cancelled";
      } catch (thrown) {
        error = errorText(thrown);
        if (controller.signal.aborted) status = "cancelled";
        else status = job.attempts < (registration.options.maxAttempts ?? 1) ? "queued" : "failed";
        thrownError = thrown;
      }
      logJob(status === "queued" ? "retrying" : status, { name: job.name, id: job.id, attempt: job.attempts, durationMs: performance.now() - started, err: thrownError });
      if (!(await stored.then(() => true, () => false))) return;
      if (status === "queued") this.noteQueued(job.name);
      await this.db()
        .job.update({ where: { id: job.id }, data: { status, error, owner: null, finishedAt: status === "queued" ? null : new Date() } })
        .catch((storeError: unknown) => log.error("could not record the end of a job", { job_id: job.id, err: storeError }));
    })().finally(() => {
      this.running.delete(job.id);
      if (!this.stopped) void this.drain(job.name);
    });
    this.running.set(job.id, { name: job.name, controller, done });
  }

  /** Starts queued jobs of one name while there is room (one claim at a time). */
  private async drain(name: string) {
    const registration = this.handlers.get(name);
    if (!registration || this.draining.has(name) || this.stopped || !this.mayHaveQueued.has(name)) return;
    this.draining.add(name);
    try {
      while (!this.stopped && this.activeCount(name) < (registration.options.concurrency ?? DEFAULT_CONCURRENCY)) {
        const noted = this.mayHaveQueued.get(name);
        const [job] = await this.db().$queryRaw<Claimed[]>`
          UPDATE jobs SET status = 'running', owner = ${this.owner}, attempts = attempts + 1, started_at = now(), heartbeat_at = now()
          WHERE id = (SELECT id FROM jobs WHERE name = ${name} AND status = 'queued' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING id::text AS id, name, payload, attempts`;
        if (!job) {
          if (this.mayHaveQueued.get(name) === noted) this.mayHaveQueued.delete(name);
          else continue;
          break;
        }
        this.execute(job);
      }
    } catch (error) {
      log.error("could not claim jobs", { job: name, err: error });
    } finally {
      this.draining.delete(name);
    }
  }
}
