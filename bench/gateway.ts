/**
 * `npx tsx bench/gateway.ts`: what the /v1 gateway adds on top of the provider it routes to.
 *
 * One run, one machine: a local OpenAI-compatible stub (in this process) and Atrium compiled and
 * run as `npm start` runs it (bench/chat-server.ts: the production request listener on an in-memory
 * PGlite, one user with an API key and a model config pointing at the stub). Rows:
 * 1. added latency, non-streaming: the same chat completion sent to the stub directly, through
 *    /v1 and through a bare Node proxy (bench/bare-proxy.mjs, the floor any proxy on this machine
 *    pays), interleaved; median and p99 of each and of the difference; then where /v1's time goes
 *    (the moments the server marks, src/server/perf/phases.ts);
 * 2. time to first token, streaming, the same way;
 * 3. completed/offered at BENCH_RATE (500) requests a second for BENCH_SECONDS (5) through /v1, the
 *    stub taking 1.5 s per answer (open loop: requests leave on schedule whatever came back);
 * 4. memory per 1,000 concurrent streams held open through /v1 (the server's RSS and heap).
 * Rate limits are lifted for the run (GATEWAY_RPM/TPM); everything talks to 127.0.0.1.
 * BENCH_PROFILE=<dir> writes the server's CPU profile there.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { compileServer } from "../scripts/start.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);
const WARMUP = 100;
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);
const MODEL = "bench-model";

// Node's fetch: keep-alive, no cap on connections per origin (the open-loop row needs ~750 at once).
const request = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => fetch(url, init);

/** The stub: `[slow]` answers after 1.5 s, `[hold]` streams one chunk then waits until released. */
function startStub() {
  const held = new Set<ServerResponse>();
  /** When the last request reached the stub (epoch ms): the breakdown's "provider has the call". */
  let lastArrival = 0;
  const answer = (text: string) => ({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 0,
    model: MODEL,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
  });
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 0, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const server = createServer(async (req, res) => {
    lastArrival = performance.timeOrigin + performance.now();
    let text = "";
    for await (const c of req) text += c;
    const body = JSON.parse(text || "{}") as { stream?: boolean; messages?: { content: string }[] };
    const prompt = body.messages?.at(-1)?.content ?? "";
    if (prompt.includes("[slow]")) await new Promise((r) => setTimeout(r, 1500));
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(answer("Hello from the bench stub, five words.")));
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(chunk({ role: "assistant", content: "" }));
    res.write(chunk({ content: "Hello" }));
    if (prompt.includes("[hold]")) {
      held.add(res);
      res.on("close", () => held.delete(res));
      return;
    }
    res.write(chunk({ content: " from the bench stub." }));
    res.write(chunk({}, "stop"));
    res.end(`${chunk({}, null).replace(/"choices":\[[^\]]*\]/, '"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":5,"total_tokens":10}')}data: [DONE]\n\n`);
  });
  return new Promise<{ url: string; held: Set<ServerResponse>; arrival: () => number; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        held,
        arrival: () => lastArrival,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

function nextMessage<T extends { type: string }>(child: ChildProcess, type: T["type"]): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message);
    };
    // Removed with the answer: the breakdown asks once per round.
    const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v: number) => `${v.toFixed(3)} ms`;

async function completion(base: string, headers: Record<string, string>, prompt: string) {
  const started = performance.now();
  const res = await request(`${base}/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: prompt }] }) });
  await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return performance.now() - started;
}

async function firstToken(base: string, headers: Record<string, string>) {
  const started = performance.now();
  const res = await request(`${base}/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: "user", content: "hi" }] }) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (!at && /"content":"[^"]/.test(seen)) at = performance.now() - started;
  }
  return at;
}

function rssOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

async function main() {
  const stub = await startStub();
  const compiled = await compileServer("bench/chat-server.ts");
  const child = fork(compiled, [], {
    execArgv: ["--max-old-space-size=512", ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: {
      ...process.env,
      ATRIUM_SECRET: process.env.ATRIUM_SECRET ?? "bench-secret-0123456789abcdef",
      OUTBOUND_ALLOW_PRIVATE: "1",
      NODE_ENV: "production",
      BENCH_STUB_URL: stub.url,
      BENCH_STUB_MODEL: MODEL,
      GATEWAY_RPM: "100000000",
      GATEWAY_TPM: "1000000000000",
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ready = await nextMessage<{ type: "ready"; port: number; key: string }>(child, "ready");
  // The floor: a bare Node proxy in its own process, forwarding to the same stub (bench/bare-proxy.mjs).
  const bare = fork(new URL("./bare-proxy.mjs", import.meta.url).pathname, [], { env: { ...process.env, BENCH_STUB_URL: stub.url }, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const proxy = `http://127.0.0.1:${(await nextMessage<{ type: "ready"; port: number }>(bare, "ready")).port}/v1`;
  const gateway = `http://127.0.0.1:${ready.port}/v1`;
  const viaHeaders = { authorization: `Bearer ${ready.key}`, "content-type": "application/json" };
  const directHeaders = { "content-type": "application/json" };

  for (let i = 0; i < WARMUP; i++) {
    await completion(stub.url, directHeaders, "warm up");
    await completion(gateway, viaHeaders, "warm up");
    await firstToken(stub.url, directHeaders);
    await firstToken(gateway, viaHeaders);
  }
  const plain = { direct: [] as number[], via: [] as number[], proxy: [] as number[] };
  const ttft = { direct: [] as number[], via: [] as number[], proxy: [] as number[] };
  // Where a non-streamed call spends its time: the moments the server marks (src/server/perf/phases.ts)
  // and the stub receiving the call, each as time since the previous moment (median over the rounds).
  const steps = new Map<string, number[]>();
  const viaWithSteps = async () => {
    const sent = performance.timeOrigin + performance.now();
    const took = await completion(gateway, viaHeaders, "hello");
    child.send({ type: "phases" });
    const { marks } = await nextMessage<{ type: "phases"; marks: [string, number][] }>(child, "phases");
    const moments: [string, number][] = [["sent", sent], ...marks, ["provider has the call", stub.arrival()]];
    moments.sort((a, b) => a[1] - b[1]);
    moments.push(["answer at the client", sent + took]);
    for (let i = 1; i < moments.length; i++) {
      const name = `${moments[i - 1][0]} → ${moments[i][0]}`;
      steps.set(name, [...(steps.get(name) ?? []), moments[i][1] - moments[i - 1][1]]);
    }
    return took;
  };
  child.send({ type: "phases" });
  await nextMessage(child, "phases");
  // Interleaved, so drift in the machine's load affects both sides alike.
  for (let i = 0; i < ROUNDS; i++) {
    plain.direct.push(await completion(stub.url, directHeaders, "hello"));
    plain.via.push(await viaWithSteps());
    plain.proxy.push(await completion(proxy, directHeaders, "hello"));
    ttft.direct.push(await firstToken(stub.url, directHeaders));
    ttft.via.push(await firstToken(gateway, viaHeaders));
    ttft.proxy.push(await firstToken(proxy, directHeaders));
  }
  const row = (name: string, r: { direct: number[]; via: number[]; proxy: number[] }) => {
    const [d50, v50, d99, v99, p50] = [percentile(r.direct, 50), percentile(r.via, 50), percentile(r.direct, 99), percentile(r.via, 99), percentile(r.proxy, 50)];
    console.log(`${name.padEnd(28)} direct ${ms(d50)} / p99 ${ms(d99)}   via /v1 ${ms(v50)} / p99 ${ms(v99)}   added median ${ms(v50 - d50)} (×${(v50 / d50).toFixed(2)}), p99 ${ms(v99 - d99)}`);
    console.log(`${"".padEnd(28)} floor: a bare Node proxy adds ${ms(p50 - d50)} at the median; Atrium adds ${ms(v50 - p50)} above it`);
  };
  console.log(`\nGateway bench (${ROUNDS} interleaved rounds after ${WARMUP} warm-up)`);
  row("chat completion, non-stream", plain);
  row("time to first token, stream", ttft);
  console.log("where a non-streamed call's time goes (median of each step; steps seen in under half the rounds left out):");
  for (const [name, values] of steps) if (values.length >= ROUNDS / 2) console.log(`  ${name.padEnd(56)} ${ms(percentile(values, 50))}`);

  // Open loop: RATE requests a second whatever came back, each answered by the stub in 1.5 s.
  const offered = RATE * SECONDS;
  let completed = 0;
  let failed = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < offered; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      completion(gateway, viaHeaders, "[slow] please").then(
        (t) => {
          if (t < 10_000) completed++;
          else failed++;
        },
        (error: unknown) => {
          if (!failed++) console.error("first failure:", error);
        },
      ),
    );
  }
  await Promise.all(pending);
  console.log(`${`${RATE} req/s, stub 1.5 s`.padEnd(28)} completed/offered ${completed}/${offered} = ${(completed / offered).toFixed(3)} (goal ≥ 0.95)${failed ? `, ${failed} failed or over 10 s` : ""}`);

  // Memory: STREAMS streams held open at once through /v1.
  (global as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const before = rssOf(child.pid!);
  const controller = new AbortController();
  const streams = Array.from({ length: STREAMS }, () =>
    request(`${gateway}/chat/completions`, { method: "POST", headers: viaHeaders, body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: "user", content: "[hold]" }] }), signal: controller.signal }).then(
      async (res) => {
        const reader = res.body!.getReader();
        await reader.read();
        return reader;
      },
    ),
  );
  const readers = await Promise.all(streams);
  while (stub.held.size < STREAMS) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  const during = rssOf(child.pid!);
  console.log(`${`${STREAMS} concurrent streams`.padEnd(28)} server RSS ${(before / 2 ** 20).toFixed(0)} MB → ${(during / 2 ** 20).toFixed(0)} MB: ${(((during - before) / STREAMS) * 1000 / 2 ** 20).toFixed(1)} MB per 1,000 streams`);
  controller.abort();
  await Promise.allSettled(readers.map((r) => r.cancel()));

  child.send({ type: "exit" });
  bare.send({ type: "exit" });
  stub.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
