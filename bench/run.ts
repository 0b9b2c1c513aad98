/**
 * `npm run bench`: time to first streamed token through Atrium's chat endpoint versus calling the
 * same model server directly, measured in one run so the ratio is fair on any machine.
 *
 * The model is the local OpenAI-compatible stub the tests use, so the difference is Atrium's own
 * work: authentication, loading the agent and model config, storing the messages, the AI SDK, and
 * SSE framing. Atrium runs as `npm start` runs it (compiled, its own process: bench/chat-server.ts)
 * on an in-memory PGlite; this process is the client and hosts the stub.
 */
import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { compileServer } from "../scripts/start.mjs";
import { startStubProvider, STUB_MODEL } from "../tests/support/stub-provider";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 5;

async function firstChunkMs(url: string, init: RequestInit, isToken: (chunk: string) => boolean) {
  const started = performance.now();
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let seen = "";
  let firstAt: number | undefined;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    seen += decoder.decode(chunk, { stream: true });
    if (firstAt === undefined && isToken(seen)) firstAt = performance.now() - started;
  }
  if (firstAt === undefined) throw new Error(`no token from ${url}: ${seen.slice(0, 300)}`);
  return firstAt;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

function nextMessage<T extends { type: string }>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`bench chat server exited (${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

const now = () => performance.timeOrigin + performance.now();

async function main() {
  const stub = await startStubProvider();
  const compiled = await compileServer("bench/chat-server.ts");
  const child = fork(compiled, [], {
    execArgv: ["--max-old-space-size=256", ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: {
      ...process.env,
      ATRIUM_SECRET: process.env.ATRIUM_SECRET ?? "bench-secret-0123456789abcdef",
      OUTBOUND_ALLOW_PRIVATE: "1",
      NODE_ENV: "production",
      BENCH_STUB_URL: stub.baseUrl,
      BENCH_STUB_MODEL: STUB_MODEL,
    },
    // Its request log goes nowhere (it is still written, as in production); errors still show.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ready = await nextMessage<{ type: "ready"; port: number; key: string }>(child, "ready");
  const apiUrl = `http://127.0.0.1:${ready.port}`;
  const auth = { authorization: `Bearer ${ready.key}`, "content-type": "application/json" };

  const direct = () =>
    firstChunkMs(
      `${stub.baseUrl}/chat/completions`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: STUB_MODEL, stream: true, messages: [{ role: "user", content: "hello there" }] }) },
      (seen) => /"content":"[^"]/.test(seen),
    );
  // Where Atrium's time goes: the moments its code marks (src/server/perf/phases.ts), the model
  // server receiving the call, and the first token at the client, each as time since the previous one.
  const steps = new Map<string, number[]>();
  const viaAtrium = async () => {
    const started = now();
    const before = stub.requests.length;
    const ms = await firstChunkMs(`${apiUrl}/api/v1/agent-chat/bare/stream`, { method: "POST", headers: auth, body: JSON.stringify({ message: "hello there" }) }, (seen) =>
      seen.includes("event: token"),
    );
    const modelCall = stub.requests.slice(before).find((r) => r.path === "/v1/chat/completions");
    child.send({ type: "phases" });
    const { marks } = await nextMessage<{ type: "phases"; marks: [string, number][] }>(child, "phases");
    const modelCallAt = modelCall ? modelCall.at + performance.timeOrigin : undefined;
    const moments: [string, number][] = [["sent", started], ...marks, ...(modelCallAt ? [["model server has the call", modelCallAt] as [string, number]] : [])];
    moments.sort((a, b) => a[1] - b[1]);
    moments.push(["first token at the client", started + ms]);
    for (let i = 1; i < moments.length; i++) {
      const name = `${moments[i - 1][0]} → ${moments[i][0]}`;
      steps.set(name, [...(steps.get(name) ?? []), moments[i][1] - moments[i - 1][1]]);
    }
    return ms;
  };

  for (let i = 0; i < WARMUP; i++) {
    await direct();
    await viaAtrium();
  }
  steps.clear();
  const results = { direct: [] as number[], atrium: [] as number[] };
  // Interleaved, so drift in the machine's load affects both sides alike.
  for (let i = 0; i < ROUNDS; i++) {
    results.direct.push(await direct());
    results.atrium.push(await viaAtrium());
  }

  const row = (name: string, values: number[]) =>
    `${name.padEnd(22)} median ${percentile(values, 50).toFixed(2).padStart(8)} ms   p95 ${percentile(values, 95).toFixed(2).padStart(8)} ms`;
  const medianDirect = percentile(results.direct, 50);
  const medianAtrium = percentile(results.atrium, 50);
  console.log(`time to first token, ${ROUNDS} rounds after ${WARMUP} warm-up (in-memory PGlite, local stub model, ${availableParallelism()} cores)`);
  console.log(row("stub model directly", results.direct));
  console.log(row("through Atrium", results.atrium));
  console.log("where the time goes (median of each step; steps seen in under half the rounds are left out):");
  for (const [name, values] of steps) if (values.length >= ROUNDS / 2) console.log(`  ${name.padEnd(58)} ${percentile(values, 50).toFixed(2).padStart(7)} ms`);
  console.log(`ratio ${(medianAtrium / medianDirect).toFixed(2)}x   added ${(medianAtrium - medianDirect).toFixed(2)} ms (median)`);

  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send({ type: "exit" });
  await exited;
  await stub.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
