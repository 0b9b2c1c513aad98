import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { DbTx } from "../db/client";
import { log, logJob } from "../log";
import { DEFAULT_CONCURRENCY, errorText, type HandlerOptions, type JobHandler, type JobRunner } from "./runner";

/** How long an idle worker waits before asking for work again (an enqueue in this process wakes it at once). */
const POLL_MS = 2000;
/** How often this process looks for its running jobs having been cancelled by another process. */
const CANCEL_CHECK_MS = 2000;
/** A job running longer than this is expired by pg-boss (and retried if it has tries left). */
const EXPIRE_SECONDS = 60 * 60;

interface Registration {
  handler: JobHandler<unknown>;
  options: HandlerOptions;
}

/**
 * pg-boss on a real Postgres: jobs live in the `pgboss` schema and every Atrium process works them;
 * pg-boss claims with SKIP LOCKED, so no job runs twice. This process's enqueue wakes its own worker,
 * which fetches the job straight away (one round trip) instead of at the next poll.
 */
export class PgBossJobRunner implements JobRunner {
  readonly kind = "pg-boss" as const;
  readonly owner = randomUUID();
  private boss: PgBoss | undefined;
  private handlers = new Map<string, Registration>();
  private queues = new Map<string, Promise<void>>();
  private running = new Map<string, { name: string; controller: AbortController; done: Promise<void> }>();
  private wake = new Map<string, () => void>();
  private started: Promise<void> | undefined;
  private stopped = false;
  private cancelWatch: NodeJS.Timeout | undefined;

  constructor(private readonly connectionString: string) {}

  register<P>(name: string, handler: JobHandler<P>, options: HandlerOptions = {}) {
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, options });
    if (this.started) void this.started.then(() => this.work(name));
  }

  isRegistered(name: string) {
    return this.handlers.has(name);
  }

  start() {
    this.started ??= (async () => {
      // Loaded only here, so deployments on the embedded database never load pg-boss.
      const { default: Boss } = await import("pg-boss");
      const boss = new Boss({ connectionString: this.connectionString, max: 4, schedule: false });
      boss.on("error", (error) => log.error("pg-boss error", { err: error }));
      await boss.start();
      this.boss = boss;
      this.cancelWatch = setInterval(() => void this.abortCancelled(), CANCEL_CHECK_MS);
      this.cancelWatch.unref();
      for (const name of this.handlers.keys()) void this.work(name);
    })();
    return this.started;
  }

  async enqueue(name: string, payload: object, options: { id?: string } = {}) {
    await this.start();
    await this.queue(name);
    const maxAttempts = this.handlers.get(name)?.options.maxAttempts ?? 1;
    const id = await this.boss!.send(name, payload, { ...(options.id ? { id: options.id } : {}), retryLimit: maxAttempts - 1, expireInSeconds: EXPIRE_SECONDS });
    if (!id) throw new Error(`pg-boss refused a ${name} job`);
    this.wake.get(name)?.();
    return id;
  }

  async enqueueWithin(_tx: DbTx, jobs: { name: string; payload: object; id: string }[]) {
    return async () => {
      for (const job of jobs) await this.enqueue(job.name, job.payload, { id: job.id });
    };
  }

  async cancel(id: string) {
    this.running.get(id)?.controller.abort();
    await this.start();
    const { rows } = await this.boss!.getDb().executeSql("SELECT name FROM pgboss.job WHERE id = $1", [id]);
    if (rows[0]) await this.boss!.cancel(rows[0].name as string, id);
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.cancelWatch);
    for (const wake of this.wake.values()) wake();
    const all = [...this.running.values()];
    for (const job of all) job.controller.abort();
    await Promise.allSettled(all.map((job) => job.done));
    await this.boss?.stop({ graceful: false, wait: true }).catch(() => {});
  }

  /** pg-boss wants a queue before its first job; two processes creating it at once can deadlock, so retry. */
  private queue(name: string) {
    let created = this.queues.get(name);
    if (!created) {
      created = (async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await this.boss!.createQueue(name);
          } catch (error) {
            if (attempt >= 5) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 50));
          }
        }
      })();
      created.catch(() => this.queues.delete(name));
      this.queues.set(name, created);
    }
    return created;
  }

  private activeCount(name: string) {
    let count = 0;
    for (const job of this.running.values()) if (job.name === name) count++;
    return count;
  }

  /** One worker loop per job name: fetch what there is room for, run it, sleep until woken or the next poll. */
  private async work(name: string) {
    if (this.wake.has(name)) return;
    this.wake.set(name, () => {});
    const registration = this.handlers.get(name)!;
    const limit = registration.options.concurrency ?? DEFAULT_CONCURRENCY;
    while (!this.stopped) {
      let woken = false;
      const sleep = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        this.wake.set(name, () => {
          woken = true;
          clearTimeout(timer);
          resolve();
        });
      });
      const room = limit - this.activeCount(name);
      let fetched = 0;
      if (room > 0) {
        try {
          await this.queue(name);
          const jobs = await this.boss!.fetch<unknown>(name, { batchSize: room, includeMetadata: true });
          fetched = jobs.length;
          for (const job of jobs) this.execute(name, registration, job);
        } catch (error) {
          if (!this.stopped) log.error("could not fetch jobs", { job: name, err: error });
        }
      }
      // Got work, or was woken while fetching: ask again at once; otherwise wait.
      if (fetched === 0 && !woken) await sleep;
    }
  }

  private execute(name: string, registration: Registration, job: PgBoss.JobWithMetadata<unknown>) {
    const controller = new AbortController();
    const attempt = job.retryCount + 1;
    const started = performance.now();
    const done = (async () => {
      logJob("started", { name, id: job.id, attempt });
      try {
        await registration.handler(job.data, { jobId: job.id, attempt, signal: controller.signal });
        logJob(controller.signal.aborted ? "cancelled" : "succeeded", { name, id: job.id, attempt, durationMs: performance.now() - started });
        if (!controller.signal.aborted) await this.boss!.complete(name, job.id);
      } catch (error) {
        logJob(controller.signal.aborted ? "cancelled" : "failed", { name, id: job.id, attempt, durationMs: performance.now() - started, err: error });
        if (!controller.signal.aborted) await this.boss!.fail(name, job.id, { message: errorText(error) });
      }
    })()
      .catch((error: unknown) => log.error("could not record the end of a job", { job_id: job.id, err: error }))
      .finally(() => {
        this.running.delete(job.id);
        this.wake.get(name)?.();
      });
    this.running.set(job.id, { name, controller, done });
  }

  /** A job cancelled through another process: abort it here too. */
  private async abortCancelled() {
    if (!this.boss || this.running.size === 0) return;
    try {
      const { rows } = await this.boss.getDb().executeSql("SELECT id::text AS id FROM pgboss.job WHERE id = ANY($1::uuid[]) AND state = 'cancelled'", [[...this.running.keys()]]);
      for (const row of rows) this.running.get(row.id as string)?.controller.abort();
    } catch (error) {
      log.error("could not check for cancelled jobs", { err: error });
    }
  }
}
