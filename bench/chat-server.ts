/**
 * The server side of `bench/run.ts` (time to first token), run as its own process the way `npm
 * start` runs Atrium (compiled, plain Node): the production request listener on an in-memory
 * PGlite, one user with an API key and a default model config pointing at the bench's stub model.
 * In its own process because a client in the server's process would read the answer only when
 * the server's event loop lets it, which no real client has to wait for.
 *
 * IPC: sends {type:"ready", port, key}; answers {type:"phases"} with the moments its code marked
 * since the last ask (src/server/perf/phases.ts), as epoch milliseconds.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setDb } from "../src/server/db";
import { openAdapter } from "../src/server/db/adapter";
import { createDb } from "../src/server/db/client";
import { applyMigrations } from "../src/server/db/migrate";
import { createRequestListener } from "../src/server/http/node-server";
import { onPhase } from "../src/server/perf/phases";
import { createApiKey } from "../src/features/identity/service/api-keys";
import { usernameKey } from "../src/features/identity/username";
import { createConfig } from "../src/features/models/service/configs";

async function main() {
  const stubUrl = process.env.BENCH_STUB_URL!;
  const opened = openAdapter({ kind: "pglite", dataDir: "memory://" });
  await applyMigrations(opened.factory);
  const db = createDb(opened);
  setDb(db);

  const user = await db.user.create({
    data: { email: "bench@atrium.local", username: "bench", usernameKey: usernameKey("bench"), passwordHash: "unused", emailConfirmedAt: new Date() },
  });
  const ctx = { db, viewer: { userId: user.id, role: "user" as const, via: "api_key" as const } };
  const { key } = await createApiKey(ctx, { name: "bench" });
  await createConfig(ctx, { name: "Stub", provider: "openai-compatible", base_url: stubUrl, model_name: process.env.BENCH_STUB_MODEL!, is_default: true });

  // As server.ts: jobs started at boot, surfaces loaded after.
  const { startBackgroundJobs } = await import("../src/server/jobs/start");
  await startBackgroundJobs();
  const { apiMounts } = await import("../src/server/http/surfaces/mounts");
  const notFound = (_req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = 404;
    res.end();
  };
  const server = createServer(createRequestListener({ dev: false, trustProxy: false, mounts: apiMounts(), fallback: notFound }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  let marks: [string, number][] = [];
  onPhase((name, at) => marks.push([name, performance.timeOrigin + at]));
  process.on("message", (message: { type: string }) => {
    // A clean exit, so a CPU profile (BENCH_PROFILE) gets written.
    if (message.type === "exit") process.exit(0);
    if (message.type !== "phases") return;
    process.send!({ type: "phases", marks });
    marks = [];
  });
  process.send!({ type: "ready", port: (server.address() as AddressInfo).port, key });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
