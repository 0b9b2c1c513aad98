/**
 * The second Atrium of the peering test (network-peers.test.ts), compiled and forked like `npm
 * start` runs Atrium: its own database (PEER_PGLITE_DIR, a PGlite data directory, or DATABASE_URL,
 * a database of its own), its own ATRIUM_SECRET, the job runner with every handler (so its ping job
 * runs), and the API surfaces on a port of its own through server.ts's request listener. It makes
 * its first account (the administrator) and an API key for it, and tells the test the URL and key.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setDb } from "../../src/server/db";
import { openAdapter } from "../../src/server/db/adapter";
import { createDb } from "../../src/server/db/client";
import { applyMigrations } from "../../src/server/db/migrate";
import { usernameKey } from "../../src/features/identity/username";

async function main() {
  const url = process.env.DATABASE_URL;
  const opened = url ? openAdapter({ kind: "postgres", url }) : openAdapter({ kind: "pglite", dataDir: process.env.PEER_PGLITE_DIR! });
  if (!url) await applyMigrations(opened.factory);
  const db = createDb(opened);
  setDb(db);
  const { startBackgroundJobs } = await import("../../src/server/jobs/start");
  await startBackgroundJobs();
  const { createRequestListener } = await import("../../src/server/http/node-server");
  const { apiMounts } = await import("../../src/server/http/surfaces/mounts");
  const { createApiKey } = await import("../../src/features/identity/service/api-keys");

  const name = "peer_admin";
  const user = await db.user.create({ data: { email: `${name}@atrium.local`, username: name, usernameKey: usernameKey(name), passwordHash: "unused", emailConfirmedAt: new Date() } });
  const fresh = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  const { key } = await createApiKey({ db, viewer: { userId: user.id, role: fresh.role === "admin" ? "admin" : "user", via: "api_key" } }, { name: "peering test" });

  // Only the API surfaces: the pages (Next) are not part of the link.
  const fallback = (_req: unknown, res: { statusCode: number; end(): void }) => {
    res.statusCode = 404;
    res.end();
  };
  const server = createServer(createRequestListener({ dev: false, trustProxy: false, mounts: apiMounts(), fallback }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  process.send!({ type: "ready", url: `http://127.0.0.1:${port}`, key, role: fresh.role });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
