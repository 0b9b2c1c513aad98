/**
 * `npm run bench`, second half: requests per second of Atrium's API surfaces against bare node:http
 * servers doing the same work, the server's memory, and what an open SSE stream costs. One run, on
 * this machine, so every ratio compares like with like.
 *
 * What runs: bench/surfaces-server.ts in its own process, compiled the way `npm start` compiles
 * server.ts (esbuild, then plain Node), serving through server.ts's own request listener
 * (src/server/http/node-server.ts: client recording, security headers, request guard, API mounts)
 * with Next's production handler behind it when a build exists in .next (then the static asset row
 * and Next's share of memory are measured too). The bench does not build: a build takes minutes and
 * .next may belong to a running server; `npm run build` (or `npm start` once) makes one.
 * The API rows do not need Next at all, which is the point of the fast path.
 *
 * The database is PGlite in a temporary data directory, or DATABASE_URL's Postgres when set (a bench user is added).
 * autocannon (10 connections, BENCH_SECONDS per row after a 1 s warm-up; pairs in alternating
 * one-second slices) talks to 127.0.0.1 only.
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { availableParallelism, cpus, tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { compileServer } from "../scripts/start.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 2000);
const CONNECTIONS = 10;

interface Ready {
  type: "ready";
  atriumPort: number;
  barePort: number;
  nextPort?: number;
  token: string;
  database: string;
}
interface Memory {
  type: "memory";
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/**
 * As `npm start` runs: the database in a data directory (or DATABASE_URL's Postgres), migrated by a
 * process of its own before the server starts (server.ts --prepare-database), so the server's RSS
 * holds neither the migration engine nor a second PGlite.
 */
async function startServer(useNext: boolean) {
  const compiled = await compileServer("bench/surfaces-server.ts");
  const dataDir = mkdtempSync(path.join(tmpdir(), "atrium-bench-"));
  const dbEnv = { ...process.env, PGLITE_DIR: path.join(dataDir, "pglite"), ATRIUM_SECRET: process.env.ATRIUM_SECRET ?? "bench-secret-0123456789abcdef" };
  execFileSync("npx", ["tsx", "scripts/db.ts", "migrate"], { env: dbEnv, stdio: ["ignore", "ignore", "inherit"] });
  process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  const child = fork(compiled, [], {
    // The heap limit `npm start` sets (package.json), so RSS is measured as production runs.
    execArgv: ["--expose-gc", "--max-old-space-size=256"],
    env: { ...dbEnv, BENCH_MIGRATED: "1", BENCH_NEXT: useNext ? "1" : "0", NODE_ENV: "production" },
    // Its request log (one line per request, as in production) goes nowhere; errors still show.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ready = await nextMessage<Ready>(child, "ready");
  return { child, ready };
}

function nextMessage<T extends { type: string }>(child: ChildProcess, type: T["type"]): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function memoryOf(child: ChildProcess) {
  child.send({ type: "memory" });
  return nextMessage<Memory>(child, "memory");
}

async function once(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.total;
}

async function rate(url: string, headers: Record<string, string> = {}, seconds = SECONDS) {
  await once(url, headers, 1);
  return (await once(url, headers, seconds)) / seconds;
}

/**
 * Two servers measured in alternating one-second slices (A B B A A B ...), so a change in the
 * machine's load during the run (other processes on a shared box) falls on both sides alike.
 */
async function compare(a: string, b: string, headers: Record<string, string> = {}) {
  await once(a, headers, 1);
  await once(b, headers, 1);
  let totalA = 0;
  let totalB = 0;
  for (let i = 0; i < SECONDS; i++) {
    const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
    const x = await once(first, headers, 1);
    const y = await once(second, headers, 1);
    if (first === a) [totalA, totalB] = [totalA + x, totalB + y];
    else [totalA, totalB] = [totalA + y, totalB + x];
  }
  return [totalA / SECONDS, totalB / SECONDS] as const;
}

/** Opens `count` notification streams and resolves once each has said ": connected". */
async function openStreams(port: number, token: string, count: number) {
  const open: { destroy(): void }[] = [];
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/api/v1/notifications/stream", agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`stream answered ${res.statusCode}`));
        res.once("data", () => resolve());
      });
      req.on("error", reject);
      req.end();
      open.push(req);
    });
  for (let i = 0; i < count; i += 100) await Promise.all(Array.from({ length: Math.min(100, count - i) }, one));
  return () => open.forEach((r) => r.destroy());
}

function staticAsset() {
  const dir = path.join(".next", "static", "chunks");
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith(".js")) : undefined;
  return file ? `/_next/static/chunks/${file}` : undefined;
}

async function main() {
  const useNext = process.env.BENCH_API_ONLY !== "1" && existsSync(path.join(".next", "BUILD_ID"));
  const { child, ready } = await startServer(useNext);
  const atrium = `http://127.0.0.1:${ready.atriumPort}`;
  const bare = `http://127.0.0.1:${ready.barePort}`;
  const auth = { authorization: `Bearer ${ready.token}` };
  try {
    const idle = await memoryOf(child);
    console.log(
      `\nAPI surfaces: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per row after 1 s warm-up (pairs alternate by the second); ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"})`,
    );
    console.log(
      `server: server.ts's request listener, compiled, ${useNext ? "Next's production build behind it" : "without Next (no .next build, or BENCH_API_ONLY=1): API rows only"}; database ${ready.database === "postgres" ? "Postgres (DATABASE_URL)" : "PGlite (data directory)"}`,
    );
    const row = (name: string, value: number, base?: number) =>
      console.log(`${name.padEnd(44)} ${value.toFixed(0).padStart(7)} req/s${base ? `   bare ${base.toFixed(0).padStart(7)} req/s   ratio ${(value / base).toFixed(2)}` : ""}`);

    row("GET /api/v1/health", ...(await compare(`${atrium}/api/v1/health`, `${bare}/api/v1/health`)));
    row("GET /api/v1/users/me (Bearer access token)", ...(await compare(`${atrium}/api/v1/users/me`, `${bare}/api/v1/users/me`, auth)));
    if (ready.nextPort) {
      const viaNext = `http://127.0.0.1:${ready.nextPort}`;
      row("  the same through Next's router: health", await rate(`${viaNext}/api/v1/health`));
      row("  the same through Next's router: users/me", await rate(`${viaNext}/api/v1/users/me`, auth));
    }
    row("GET /api/openapi.json", await rate(`${atrium}/api/openapi.json`));
    const asset = useNext ? staticAsset() : undefined;
    if (asset) row(`GET ${asset.slice(0, 38)} (static, Next)`, await rate(`${atrium}${asset}`));
    else console.log("static asset: not measured (needs Next's production build in .next)");

    const loaded = await memoryOf(child);
    console.log(`RSS idle ${mb(idle.rss)} (heap ${mb(idle.heapUsed)}), after the load above ${mb(loaded.rss)} (heap ${mb(loaded.heapUsed)})`);

    const before = await memoryOf(child);
    const close = await openStreams(ready.atriumPort, ready.token, STREAMS);
    const withStreams = await memoryOf(child);
    close();
    const perStream = (withStreams.rss - before.rss) / STREAMS / 1024;
    const heapPerStream = (withStreams.heapUsed - before.heapUsed) / STREAMS / 1024;
    console.log(`${STREAMS} open notification streams: RSS ${mb(before.rss)} -> ${mb(withStreams.rss)}, ${perStream.toFixed(1)} KB per stream (JS heap ${heapPerStream.toFixed(1)} KB)`);
  } finally {
    child.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
