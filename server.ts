/**
 * Atrium's server: prepares the database, then serves the Next.js app over plain Node http.
 * A custom server (rather than `next start`) because it records each request's real client
 * address for rate limits, answers the API surfaces without Next's router (src/server/http/
 * node-server.ts), and hosts the WebSocket upgrades (the workflow sockets under /ws/).
 *   npm start      production (builds first when needed; runs this file compiled, scripts/start.mjs)
 *   npm run dev    development with hot reload
 */
import { fork } from "node:child_process";
import { createServer } from "node:http";
import next from "next";
import { databaseTarget } from "./src/server/db/adapter";
import { trustsProxy } from "./src/server/env";
import { createRequestListener, createUpgradeListener } from "./src/server/http/node-server";
import { ensureBuilt, ensureGenerated, ensureSecret, migrateAndSeed } from "./scripts/prepare";

const dev = process.argv.includes("--dev");
/** Set for the short-lived child that migrates and seeds before the server starts (see prepareDatabase). */
const prepareOnly = process.argv.includes("--prepare-database");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";

async function main() {
  ensureSecret();
  if (prepareOnly) {
    await migrateAndSeed();
    process.exit(0);
  }
  ensureGenerated();
  if (!dev) ensureBuilt();
  await prepareDatabase();

  const app = next({ dev, port, hostname: "localhost", turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Production answers the API surfaces (/api/v1, /api/openapi.json) itself, straight to their route
  // tables; Next serves everything else. `next dev` keeps them, so API edits hot-reload there.
  const mounts = dev ? [] : (await import("./src/server/http/surfaces/mounts")).apiMounts();
  // Background jobs (agent runs) live with the API surfaces: recover what a dead process left, then
  // work. Under `next dev` the services run in Next's bundle and start them on their first run.
  if (!dev) await (await import("./src/server/jobs/start")).startBackgroundJobs();
  const server = createServer(createRequestListener({ dev, trustProxy: trustsProxy(), mounts, fallback: handle }));
  // WebSockets: the workflow sockets (/ws/executions/{id}, /ws/collaboration/{id}) live with the API
  // mounts (production); `next dev` keeps its own upgrades (hot reload), and the editor falls back to SSE.
  const upgrades = dev ? [] : [(await import("./src/features/workflows/ws/handler")).workflowUpgradeHandler()];
  server.on("upgrade", createUpgradeListener(upgrades, dev ? app.getUpgradeHandler() : undefined));
  server.listen(port, hostname, () => {
    console.log(`[atrium] ready on http://localhost:${port} (${dev ? "development" : "production"})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * Migrations and the demo seed. In production they run in a child process of this same file: the
 * migration engine (Prisma's schema engine, WASM) keeps ~35 MB of compiled code and memory for the
 * life of the process that loaded it, and the server never needs it again. An in-memory PGlite
 * (PGLITE_DIR=memory://) lives only in this process, so it is migrated here; so is `npm run dev`.
 */
async function prepareDatabase() {
  const target = databaseTarget();
  if (dev || (target.kind === "pglite" && target.dataDir.startsWith("memory:"))) return migrateAndSeed();
  const child = fork(process.argv[1], ["--prepare-database"], { stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`preparing the database failed (exit ${code})`);
}

main().catch((error) => {
  console.error("[atrium] failed to start:", error);
  process.exit(1);
});
