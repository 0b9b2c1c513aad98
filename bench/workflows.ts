/**
 * `npm run bench`, workflows: what the durable engine costs per step, and webhook-triggered
 * executions per second, each against a baseline measured in the same run on this machine.
 *
 * - Per step: an N-step chain of pass-through nodes run durably (every step's row written before and
 *   after it runs, events on the bus, the run a job of the job runner), start call to the run's last
 *   event; the cost of one more step is (time of N steps − time of 1 step) / (N − 1). The baseline is
 *   an in-process loop over the same steps (the same pass-through work, nothing stored).
 * - Webhooks: autocannon (10 connections) POSTs to a two-node workflow's webhook URL for a few
 *   seconds; executions per second counts runs *finished* (webhook accepted, run queued, executed,
 *   stored) over the time from the first request to the last run's end. The baseline is a bare
 *   `node:http` handler reading the same POST and answering 202.
 * Published anchors for context (other machines): per-step Windmill ~34 ms, Temporal ~40 ms, Restate
 * ~1.4 ms; n8n ~220 webhook executions/s on one instance.
 */
import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism, cpus } from "node:os";
import autocannon from "autocannon";
import { compileServer } from "../scripts/start.mjs";

const STEPS = Number(process.env.BENCH_WORKFLOW_STEPS ?? 50);
const RUNS = Number(process.env.BENCH_WORKFLOW_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

interface Ready {
  type: "ready";
  atriumPort: number;
  barePort: number;
  webhookPath: string;
  database: string;
}

function ask<T>(child: ChildProcess, message: object, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    if (Object.keys(message).length) child.send(message);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The in-process baseline: the same pass-through steps in a loop, each handing its input on. */
function loopPerStepMs(steps: number) {
  const run = () => {
    const outputs: Record<string, { output: unknown }> = { start: { output: {} } };
    let previous = "start";
    for (let i = 0; i < steps; i++) {
      const id = `p${i}`;
      outputs[id] = { output: outputs[previous].output };
      previous = id;
    }
    return outputs;
  };
  for (let i = 0; i < 100; i++) run();
  const rounds = 1000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) run();
  return (performance.now() - started) / rounds / steps;
}

async function post(url: string, seconds: number) {
  const result = await autocannon({ url, method: "POST", connections: 10, duration: seconds, headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 1 }) });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.total;
}

async function main() {
  const compiled = await compileServer("bench/workflows-server.ts");
  const child = fork(compiled, [], {
    execArgv: ["--max-old-space-size=256", ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: {
      ...process.env,
      ATRIUM_SECRET: process.env.ATRIUM_SECRET ?? "bench-secret-0123456789abcdef",
      PGLITE_DIR: "memory://",
      NODE_ENV: "production",
      // The bench is one caller hammering one workflow: lift the per-caller and per-workflow limits.
      WEBHOOK_RATE_LIMIT_PER_MINUTE: "100000000",
      WEBHOOK_WORKFLOW_RATE_LIMIT_PER_MINUTE: "100000000",
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  try {
    const ready = await ask<Ready>(child, {}, "ready");
    console.log(`\nWorkflows: ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), database ${ready.database === "postgres" ? "Postgres (DATABASE_URL)" : "in-memory PGlite"}, the job runner in the server's process`);

    const one = await ask<{ times: number[] }>(child, { type: "chain", steps: 1, runs: RUNS }, "chain");
    const many = await ask<{ times: number[] }>(child, { type: "chain", steps: STEPS, runs: RUNS }, "chain");
    const perStep = (median(many.times) - median(one.times)) / (STEPS - 1);
    const loop = loopPerStepMs(STEPS);
    console.log(`a run of 1 step (start call to last event)       median ${median(one.times).toFixed(1).padStart(7)} ms`);
    console.log(`a run of ${STEPS} steps                              median ${median(many.times).toFixed(1).padStart(7)} ms`);
    console.log(`per step, durable                                         ${perStep.toFixed(2).padStart(7)} ms   in-process loop ${(loop * 1000).toFixed(3)} µs   (goal ≤ 2 ms)`);

    const atriumUrl = `http://127.0.0.1:${ready.atriumPort}${ready.webhookPath}`;
    await post(atriumUrl, 1); // warm-up
    await ask(child, { type: "statements" }, "statements");
    const since = new Date().toISOString();
    const firstAt = Date.now();
    const accepted = await post(atriumUrl, SECONDS);
    let settled: { total: number; finished: number; failed: number; lastFinishedAt: number };
    const deadline = Date.now() + 180_000;
    for (;;) {
      settled = await ask(child, { type: "settled", since }, "settled");
      if (settled.finished >= settled.total || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const executions = settled.finished / ((settled.lastFinishedAt - firstAt) / 1000);
    const { counts } = await ask<{ counts: [string, number][] }>(child, { type: "statements" }, "statements");
    const statements = counts.reduce((sum, [, n]) => sum + n, 0);
    await post(`http://127.0.0.1:${ready.barePort}/`, 1);
    const bare = (await post(`http://127.0.0.1:${ready.barePort}/`, SECONDS)) / SECONDS;
    console.log(`webhook → two-node run, finished               ${executions.toFixed(0).padStart(7)} executions/s   (${accepted} accepted in ${SECONDS} s, ${settled.finished} finished, ${settled.failed} not succeeded; goal ≥ 500/s)`);
    console.log(`statements per execution (BEGIN/COMMIT included) ${(statements / settled.total).toFixed(1).padStart(7)}`);
    if (process.env.BENCH_STATEMENTS) for (const [sql, n] of counts) console.log(`  ${(n / settled.total).toFixed(2).padStart(6)}  ${sql}`);
    console.log(`bare node:http handler, same POST answered 202 ${bare.toFixed(0).padStart(7)} req/s   ratio ${(executions / bare).toFixed(3)}`);
  } finally {
    child.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
