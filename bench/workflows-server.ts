/**
 * The server side of `bench/workflows.ts`, its own process compiled like `npm start` (esbuild, then
 * plain Node): Atrium's request listener with the API mounts and the job runner started, on an
 * in-memory PGlite (or DATABASE_URL's Postgres), plus a bare `node:http` handler that accepts the
 * same webhook POST. Over IPC it reports its ports, a workflow chain to time and a webhook URL, and
 * runs the chain on request ("chain": wall time of each durable run, start call to its last event).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setDb } from "../src/server/db";
import { databaseTarget, openAppDatabase } from "../src/server/db/adapter";
import { createDb } from "../src/server/db/client";
import { applyMigrations } from "../src/server/db/migrate";
import { getEventBus } from "../src/server/events";
import { createRequestListener } from "../src/server/http/node-server";
import { startBackgroundJobs } from "../src/server/jobs/start";
import { usernameKey } from "../src/features/identity/username";
import { rotateWebhook } from "../src/features/workflows/webhooks/service";
import { startWorkflowRun } from "../src/features/workflows/runs/service";
import { workflowRunStream } from "../src/features/workflows/runs/schemas";
import { countStatements } from "./statement-counter";

const listen = (server: ReturnType<typeof createServer>) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));

const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

async function main() {
  const target = databaseTarget();
  const opened = openAppDatabase(target);
  await applyMigrations(opened.factory);
  const counter = countStatements(opened.factory);
  const db = createDb({ ...opened, factory: counter.factory });
  setDb(db);
  await startBackgroundJobs();

  const tag = Math.random().toString(36).slice(2, 10);
  const user = await db.user.create({
    data: { email: `bench-${tag}@atrium.local`, username: `bench_${tag}`, usernameKey: usernameKey(`bench_${tag}`), passwordHash: "unused", emailConfirmedAt: new Date() },
  });
  const viewer = { userId: user.id, role: (user.role === "admin" ? "admin" : "user") as "admin" | "user", via: "bearer" as const };

  const store = async (name: string, definition: object) => {
    const row = await db.workflow.create({ data: { ownerId: user.id, name, definition, version: 1 } });
    await db.workflowVersion.create({ data: { workflowId: row.id, version: 1, name, definition, createdById: user.id } });
    return row.id;
  };
  // N pass-through steps after the start node: the engine's own cost per step, nothing else.
  const chainOf = (steps: number) => {
    const nodes = [{ id: "start", type: "start", config: {} }, ...Array.from({ length: steps }, (_, i) => ({ id: `p${i}`, type: "parallel", config: {} }))];
    return { nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id, source_handle: "out" })) };
  };
  const hook = await store(`bench-hook-${tag}`, {
    nodes: [{ id: "in", type: "webhook_trigger", config: {} }, { id: "end", type: "end", config: { output: { got: "{{ input.n }}" } } }],
    edges: [{ id: "e0", source: "in", target: "end", source_handle: "out" }],
  });
  const webhook = await rotateWebhook({ db, viewer, ip: "127.0.0.1" }, hook);

  const { apiMounts } = await import("../src/server/http/surfaces/mounts");
  const atrium = createServer(createRequestListener({ dev: false, trustProxy: false, mounts: apiMounts(), fallback: (_req, res) => void res.writeHead(404).end() }));
  // The baseline: a bare handler that reads the same POST and answers 202 with an id.
  let accepted = 0;
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString() || "{}");
      res.statusCode = 202;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ execution_id: String(++accepted), status: "queued" }));
    });
  });
  const [atriumPort, barePort] = [await listen(atrium), await listen(bare)];

  /** One durable run of an N-step chain, start call to its terminal event. */
  async function timeRun(workflowId: string) {
    const started = performance.now();
    const { id } = await startWorkflowRun(db, { workflowId, userId: user.id, input: {}, trigger: "manual" });
    const controller = new AbortController();
    await new Promise<void>((resolve) =>
      getEventBus().subscribe(workflowRunStream(id), "0-0", (event) => {
        if (event.type === "run" && FINISHED.has((event.data as { status: string }).status)) {
          controller.abort();
          resolve();
        }
      }, controller.signal),
    );
    return performance.now() - started;
  }

  process.on("SIGTERM", () => process.exit(0));
  process.on("message", (message: { type: string; steps?: number; runs?: number; since?: string }) => {
    void (async () => {
      if (message.type === "statements") process.send!({ type: "statements", counts: counter.take() });
      if (message.type === "chain") {
        const id = await store(`bench-chain-${message.steps}-${Date.now()}`, chainOf(message.steps!));
        await timeRun(id); // warm-up
        const times = [];
        for (let i = 0; i < message.runs!; i++) times.push(await timeRun(id));
        process.send!({ type: "chain", times });
      }
      if (message.type === "settled") {
        // Webhook runs since `since`: how many, how many finished, and when the last one did.
        const since = new Date(message.since!);
        const runs = await db.workflowRun.findMany({ where: { workflowId: hook, createdAt: { gte: since } }, select: { status: true, finishedAt: true } });
        const done = runs.filter((r) => FINISHED.has(r.status));
        const last = Math.max(0, ...done.map((r) => r.finishedAt?.getTime() ?? 0));
        process.send!({ type: "settled", total: runs.length, finished: done.length, failed: done.filter((r) => r.status !== "succeeded").length, lastFinishedAt: last });
      }
    })().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.send!({ type: "ready", atriumPort, barePort, webhookPath: new URL(webhook.url!, "http://x").pathname + new URL(webhook.url!, "http://x").search, database: target.kind });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
