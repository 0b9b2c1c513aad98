import type { EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { agent } from "@/features/agents/schemas";
import { runStream } from "@/features/chat/runs/events";
import { INTERRUPTED } from "@/features/chat/runs/recover";
import { agentRun } from "@/features/chat/run-schemas";
import { modelConfig } from "@/features/models/schemas";
import { getEventBus } from "@/server/events";
import { closeJobRunner, getJobRunner } from "@/server/jobs";
import { InProcessJobRunner } from "@/server/jobs/in-process-runner";
import { PgBossJobRunner } from "@/server/jobs/pg-boss-runner";
import { startBackgroundJobs } from "@/server/jobs/start";
import { call, expectOk } from "../support/api";
import { setupApi, testDatabaseUrl, setupStubProvider } from "../support/harness";
import { person, type Person } from "../support/people";
import { openSse } from "../support/sse";
import { STUB_MODEL } from "../support/stub-provider";

const api = setupApi();
const stub = setupStubProvider();

const auth = (who: Person) => ({ authorization: `Bearer ${who.token}` });
const chatStream = (who: Person, agentId: string, json: unknown) => openSse(`${api.http.url}/api/v1/agent-chat/${agentId}/stream`, auth(who), json);
const runEvents = (who: Person, runId: string, lastEventId?: string) =>
  openSse(`${api.http.url}/api/v1/agent-runs/${runId}/events`, { ...auth(who), ...(lastEventId ? { "last-event-id": lastEventId } : {}) });
const getRun = async (who: Person, runId: string) => expectOk(await call(api.http, "GET", `/agent-runs/${runId}`, { token: who.token }), 200, agentRun);

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function slowAgent(who: Person) {
  const config = expectOk(
    await call(api.http, "POST", "/model-configs", { token: who.token, json: { name: "Stub", provider: "openai-compatible", base_url: stub.baseUrl, model_name: STUB_MODEL } }),
    201,
    modelConfig,
  );
  return expectOk(await call(api.http, "POST", "/agents", { token: who.token, json: { name: "Slow", model_config: { model_config_id: config.id } } }), 201, agent);
}

const shape = (events: EventSourceMessage[]) => events.map((e) => ({ id: e.id, event: e.event, data: e.data }));

describe("agent runs: delivery", () => {
  it("a stream reconnected with Last-Event-ID gets exactly the remaining events, in order", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(ana);
    const first = await chatStream(ana, slow.id, { message: "[stub:slow] a long story", continue_on_disconnect: true });
    const runId = first.response.headers.get("x-run-id")!;
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const seen = await first.next(3);
    expect(seen.map((e) => e.event)).toEqual(["token", "token", "token"]);
    expect(seen.every((e) => /^\d+-\d+$/.test(e.id ?? ""))).toBe(true);
    first.close();

    const resumed = await runEvents(ana, runId, seen[2].id);
    const rest = await resumed.rest(20_000);
    expect(rest.at(-1)?.event).toBe("done");
    expect(rest.slice(0, -1).every((e) => e.event === "token")).toBe(true);

    // The whole stream, replayed from the start: what the first client saw, then exactly the rest.
    const whole = await (await runEvents(ana, runId)).rest();
    expect(shape(whole)).toEqual(shape([...seen, ...rest]));
    const text = whole.filter((e) => e.event === "token").map((e) => (JSON.parse(e.data) as { content: string }).content).join("");
    expect(text).toBe(Array.from({ length: 60 }, (_, i) => `word${i}`).join(" "));
  });

  it("continues a run whose client disconnected when asked to, and stores the whole reply", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(ana);
    const stream = await chatStream(ana, slow.id, { message: "[stub:slow] keep going without me", continue_on_disconnect: true });
    const runId = stream.response.headers.get("x-run-id")!;
    const sessionId = stream.response.headers.get("x-session-id")!;
    await stream.next(2);
    stream.close();
    const run = await until(() => getRun(ana, runId), (r) => r.status !== "running" && r.status !== "queued");
    expect(run).toMatchObject({ id: runId, kind: "chat", status: "succeeded", session_id: sessionId, continue_on_disconnect: true, error: null });
    const reply = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId, role: "assistant" } });
    expect(reply).toMatchObject({ status: "complete", finishReason: "stop" });
    expect(reply.content).toContain("word59");
  });

  it("cancels a run when its client disconnects (the default): the run ends cancelled, its stream with an error event", async () => {
    const ana = await person(api.http, api.db, "ana");
    const slow = await slowAgent(ana);
    const stream = await chatStream(ana, slow.id, { message: "[stub:slow] stop when I leave" });
    const runId = stream.response.headers.get("x-run-id")!;
    await stream.next(2);
    stream.close();
    const run = await until(() => getRun(ana, runId), (r) => r.status === "cancelled");
    expect(run.error).toBe("The run was cancelled");
    const replay = await (await runEvents(ana, runId)).rest();
    expect(replay.at(-1)).toMatchObject({ event: "error", data: JSON.stringify({ message: "The run was cancelled" }) });
    const reply = await api.db.chatMessage.findFirstOrThrow({ where: { sessionId: run.session_id!, role: "assistant" } });
    expect(reply.status).toBe("aborted");
  });

  it("cancels a running run on POST /agent-runs/{id}/cancel; other people's runs are 404", async () => {
    const ana = await person(api.http, api.db, "ana");
    const ben = await person(api.http, api.db, "ben");
    const slow = await slowAgent(ana);
    const stream = await chatStream(ana, slow.id, { message: "[stub:slow] cancel me", continue_on_disconnect: true });
    const runId = stream.response.headers.get("x-run-id")!;
    await stream.next(1);
    expect((await call(api.http, "POST", `/agent-runs/${runId}/cancel`, { token: ben.token })).status).toBe(404);
    expect((await call(api.http, "GET", `/agent-runs/${runId}/events`, { token: ben.token })).status).toBe(404);
    expectOk(await call(api.http, "POST", `/agent-runs/${runId}/cancel`, { token: ana.token }), 200, agentRun);
    const rest = await stream.rest();
    expect(rest.at(-1)).toMatchObject({ event: "error", data: JSON.stringify({ message: "The run was cancelled" }) });
    expect((await getRun(ana, runId)).status).toBe("cancelled");
  });

  it("ends a reconnect to a finished run at once when nothing is left after Last-Event-ID", async () => {
    const ana = await person(api.http, api.db, "ana");
    const done = await (await openSse(`${api.http.url}/api/v1/agent-chat/bare/stream`, auth(ana), { message: "short" })).rest();
    const runIdOf = await api.db.agentRun.findFirstOrThrow({ where: { userId: ana.id }, orderBy: { createdAt: "desc" } });
    expect(await (await runEvents(ana, runIdOf.id, done.at(-1)!.id)).rest(2000)).toEqual([]);
  });
});

describe("agent runs: restart", () => {
  it("ends a run a dead process left running as failed, with a last error event; a queued one it left is run", async () => {
    const ana = await person(api.http, api.db, "ana");
    const viewer = { userId: ana.id, role: "user", via: "bearer" };
    const session = await api.db.chatSession.create({ data: { userId: ana.id, title: "left behind" } });
    const stale = new Date(Date.now() - 10 * 60_000);
    const orphan = await api.db.agentRun.create({
      data: { userId: ana.id, kind: "chat", sessionId: session.id, status: "running", owner: "a-dead-process", heartbeatAt: stale, startedAt: stale, input: { viewer } },
    });
    const question = await api.db.chatMessage.create({ data: { sessionId: session.id, role: "user", content: "are you still there?" } });
    const queued = await api.db.agentRun.create({
      data: { userId: ana.id, kind: "chat", sessionId: session.id, input: { viewer, agentId: null, userMessageId: question.id, message: question.content, streamlined: false } },
    });
    // The dead process had queued the job too (with no worker of its own left to run it).
    await closeJobRunner();
    const url = await testDatabaseUrl(api.testDb);
    const dead = url ? new PgBossJobRunner(url) : new InProcessJobRunner(() => api.db);
    await dead.enqueue("agent-run", { runId: queued.id }, { id: queued.id });
    await dead.stop();

    // The restart.
    await startBackgroundJobs();
    expect(await api.db.agentRun.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: "failed", error: INTERRUPTED });
    const events = await getEventBus().readAfter(runStream(orphan.id), undefined);
    expect(events.map((e) => [e.type, e.data])).toEqual([["error", { message: INTERRUPTED }]]);

    const resumed = await until(() => getRun(ana, queued.id), (r) => r.status === "succeeded");
    expect(resumed.finished_at).not.toBeNull();
    const answer = await api.db.chatMessage.findFirstOrThrow({ where: { parentId: question.id } });
    expect(answer.content).toMatch(/^You said: are you still there\?/);
    expect((await getEventBus().readAfter(runStream(queued.id), undefined)).at(-1)?.type).toBe("done");
  });
});

describe("job runners", () => {
  it("two pg-boss runners on one database never run the same job twice", async () => {
    const url = await testDatabaseUrl(api.testDb);
    if (!url) return; // Postgres only: the embedded database belongs to one process.
    const ran: { runner: string; n: number }[] = [];
    const runners = ["a", "b"].map((name) => {
      const runner = new PgBossJobRunner(url);
      runner.register<{ n: number }>("count-test", async ({ n }) => {
        ran.push({ runner: name, n });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }, { concurrency: 4 });
      return runner;
    });
    try {
      await Promise.all(runners.map((r) => r.start()));
      for (let n = 0; n < 40; n++) await runners[n % 2].enqueue("count-test", { n });
      await until(async () => ran.length, (count) => count >= 40);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ran.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
      // Both shared the work (each wakes its own worker on enqueue).
      expect(new Set(ran.map((r) => r.runner))).toEqual(new Set(["a", "b"]));
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });

  it("cancels a job another pg-boss runner is running: that runner aborts it", async () => {
    const url = await testDatabaseUrl(api.testDb);
    if (!url) return; // Postgres only.
    const [asker, worker] = [new PgBossJobRunner(url), new PgBossJobRunner(url)];
    let started = false;
    let aborted = false;
    worker.register("long-test", async (_payload, job) => {
      started = true;
      await new Promise<void>((resolve) => job.signal.addEventListener("abort", () => resolve(), { once: true }));
      aborted = true;
    });
    try {
      await worker.start();
      const id = await asker.enqueue("long-test", {});
      await until(async () => started, (s) => s, 10_000);
      await asker.cancel(id);
      await until(async () => aborted, (a) => a, 5000);
    } finally {
      await Promise.all([asker.stop(), worker.stop()]);
    }
  });

  it("starts an enqueued job at once and aborts it on cancel", async () => {
    const runner = getJobRunner();
    let started = 0;
    let aborted = false;
    runner.register("wait-test", async (_payload, job) => {
      started = performance.now();
      await new Promise<void>((resolve) => job.signal.addEventListener("abort", () => resolve(), { once: true }));
      aborted = true;
    });
    const before = performance.now();
    const id = await runner.enqueue("wait-test", {});
    await until(async () => started, (t) => t > 0, 5000);
    // In this process the job starts right after it is stored (pg-boss: one fetch), never after a poll.
    expect(started - before).toBeLessThan(1000);
    await runner.cancel(id);
    await until(async () => aborted, (a) => a, 5000);
  });
});
