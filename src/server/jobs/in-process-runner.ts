import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "../db/client";
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
  private started: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly db: () => Db) {}

  register<P>(name: string, handler: JobHandler<P>, options: HandlerOptions = {}) {
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, options });
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
    // Finished jobs are kept a week for inspection (what pg-boss keeps too), then dropped.
    await this.db().$executeRaw`DELETE FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at < now() - interval '7 days'`;
    for (const name of this.handlers.keys()) void this.drain(name);
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
    return id;
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
    if (!registration || this.draining.has(name) || this.stopped) return;
    this.draining.add(name);
    try {
      while (!this.stopped && this.activeCount(name) < (registration.options.concurrency ?? DEFAULT_CONCURRENCY)) {
        const [job] = await this.db().$queryRaw<Claimed[]>`
          UPDATE jobs SET status = 'running', owner = ${this.owner}, attempts = attempts + 1, started_at = now(), heartbeat_at = now()
          WHERE id = (SELECT id FROM jobs WHERE name = ${name} AND status = 'queued' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING id::text AS id, name, payload, attempts`;
        if (!job) break;
        this.execute(job);
      }
    } catch (error) {
      log.error("could not claim jobs", { job: name, err: error });
    } finally {
      this.draining.delete(name);
    }
  }
}
