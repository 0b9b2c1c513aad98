import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowRunDto } from "@/features/workflows/runs/schemas";
import { compileServer } from "../../scripts/start.mjs";
import { createTestDb, type TestDb } from "../support/db";
import { cancelRunById } from "@/features/workflows/runs/service";
import { closeJobRunner } from "@/server/jobs";
import { pointJobsAtTestDatabase, testDatabaseUrl } from "../support/harness";
import { startFetchServer, type TestServer } from "../support/http";
import { definitionOf } from "./workflows-engine.helpers";

/**
 * THE KILL TEST: a run survives its process being killed. A real Atrium process (compiled and
 * forked as `npm start` runs it: workflows-engine-kill.server.ts) runs a workflow whose http nodes
 * count their calls on a server of this test; the process is SIGKILLed while a short delay runs
 * (a step in flight), a second one is SIGKILLed while the run is parked on a long delay, and a
 * third finishes it. Every http node ran exactly once; the interrupted step ran again (attempt 2).
 * On PGlite the processes share a data directory on disk, one after another; on Postgres (with
 * DATABASE_URL) a database, and pg-boss.
 */

let compiled: string;
let hits: TestServer;
const counts = new Map<string, number>();
let database: { env: Record<string, string | undefined>; close(): Promise<void> };
let testDb: TestDb | undefined;

beforeAll(async () => {
  compiled = await compileServer("tests/integration/workflows-engine-kill.server.ts");
  hits = await startFetchServer(async (request) => {
    const node = new URL(request.url).searchParams.get("node") ?? "?";
    counts.set(node, (counts.get(node) ?? 0) + 1);
    return Response.json({ node, count: counts.get(node) });
  });
  if (process.env.DATABASE_URL) {
    const db = await createTestDb();
    testDb = db;
    await pointJobsAtTestDatabase(db);
    const url = (await testDatabaseUrl(db))!;
    database = { env: { DATABASE_URL: url }, close: () => db.close() };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "atrium-kill-"));
    database = { env: { DATABASE_URL: undefined, REDIS_URL: undefined, KILL_PGLITE_DIR: path.join(dir, "pglite") }, close: async () => rmSync(dir, { recursive: true, force: true }) };
  }
}, 180_000);

afterAll(async () => {
  await closeJobRunner();
  await hits?.close();
  await database?.close();
});

function nextMessage<T>(child: ChildProcess, type: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${type} message within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { type: string; message?: string }) => {
      if (message.type === "error") {
        done();
        reject(new Error(message.message));
      }
      if (message.type !== type) return;
      done();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`the server exited (${code}) before ${type}`));
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

async function startAtrium() {
  const env: Record<string, string | undefined> = { ...process.env, ATRIUM_SECRET: "kill-test-secret-0123456789abcdef", OUTBOUND_ALLOW_PRIVATE: "1", LOG_LEVEL: "warn", ...database.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = fork(compiled, [], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  await nextMessage(child, "ready", 120_000);
  return child;
}

async function getRun(child: ChildProcess, id: string) {
  const reply = nextMessage<{ run: WorkflowRunDto }>(child, "run");
  child.send({ type: "get", id });
  return (await reply).run;
}

async function untilRun(child: ChildProcess, id: string, accept: (run: WorkflowRunDto) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(child, id);
    if (accept(run)) return run;
    if (Date.now() > deadline) throw new Error(`timed out; run is ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function kill(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

const step = (run: WorkflowRunDto, nodeId: string) => run.steps?.find((s) => s.node_id === nodeId);

describe("workflow runs survive their process being killed", () => {
  it("SIGKILL mid-step and while parked: the run completes, every finished step ran exactly once", async () => {
    const hit = (node: string) => ({ id: node, type: "http", config: { url: `${hits.url}/hit?node=${node}` } });
    const definition = definitionOf(
      [
        { id: "start", type: "start" },
        hit("h1"),
        { id: "d1", type: "delay", config: { seconds: 2 } },
        hit("h2"),
        { id: "d2", type: "delay", config: { seconds: 3 } },
        hit("h3"),
        { id: "end", type: "end", config: { output: { h1: "{{ nodes.h1.output.body.count }}", h2: "{{ nodes.h2.output.body.count }}", h3: "{{ nodes.h3.output.body.count }}" } } },
      ],
      [["start", "h1"], ["h1", "d1"], ["d1", "h2"], ["h2", "d2"], ["d2", "h3"], ["h3", "end"]],
    );

    const first = await startAtrium();
    const started = nextMessage<{ id: string }>(first, "started");
    first.send({ type: "start", definition, input: {} });
    const { id } = await started;
    await untilRun(first, id, (run) => step(run, "d1")?.status === "running");
    await kill(first);
    expect(counts.get("h1")).toBe(1);

    const second = await startAtrium();
    const parked = await untilRun(second, id, (run) => step(run, "d2")?.status === "waiting" && run.status === "waiting");
    expect(step(parked, "d1")).toMatchObject({ status: "succeeded", attempts: 2 });
    await kill(second);

    const third = await startAtrium();
    try {
      const run = await untilRun(third, id, (r) => ["succeeded", "failed", "cancelled"].includes(r.status));
      expect(run.status).toBe("succeeded");
      expect(run.output).toEqual({ h1: 1, h2: 1, h3: 1 });
      expect(Object.fromEntries([...counts])).toEqual({ h1: 1, h2: 1, h3: 1 });
      expect(Object.fromEntries(run.steps!.map((s) => [s.node_id, [s.status, s.attempts]]))).toEqual({
        start: ["succeeded", 1],
        h1: ["succeeded", 1],
        d1: ["succeeded", 2],
        h2: ["succeeded", 1],
        d2: ["succeeded", 1],
        h3: ["succeeded", 1],
        end: ["succeeded", 1],
      });
    } finally {
      await kill(third);
    }
  }, 240_000);

  it.skipIf(!process.env.DATABASE_URL)("a cancel written by another process stops the run in the process running it", async () => {
    const definition = definitionOf(
      [
        { id: "start", type: "start" },
        { id: "d", type: "delay", config: { seconds: 2 } },
        { id: "after", type: "http", config: { url: `${hits.url}/hit?node=after` } },
      ],
      [["start", "d"], ["d", "after"]],
    );
    const atrium = await startAtrium();
    try {
      const started = nextMessage<{ id: string }>(atrium, "started");
      atrium.send({ type: "start", definition, input: {} });
      const { id } = await started;
      await untilRun(atrium, id, (run) => step(run, "d")?.status === "running");
      await cancelRunById(testDb!.db, id);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const run = await getRun(atrium, id);
      expect(run.status).toBe("cancelled");
      expect(step(run, "d")?.status).toBe("cancelled");
      expect(step(run, "after")).toBeUndefined();
      expect(counts.get("after")).toBeUndefined();
    } finally {
      await kill(atrium);
    }
  }, 120_000);
});
