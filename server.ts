/**
 * Atrium's server: prepares the database, then serves the Next.js app over plain Node http.
 * A custom server (rather than `next start`) because it records each request's real client
 * address for rate limits, and later hosts WebSocket upgrades.
 *   npm start      production (builds first when needed)
 *   npm run dev    development with hot reload
 */
import { createServer } from "node:http";
import next from "next";
import { env } from "./src/server/env";
import { recordClient } from "./src/server/http/client-ip";
import { securityHeadersFor } from "./src/server/http/security-headers.mjs";
import { refuseMalformedRequest } from "./src/server/http/request-guard";
import { ensureBuilt, ensureGenerated, ensureSecret, migrateAndSeed } from "./scripts/prepare";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";

async function main() {
  ensureSecret();
  ensureGenerated();
  if (!dev) ensureBuilt();
  await migrateAndSeed();

  const app = next({ dev, port, hostname: "localhost", turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    // Never trust client-sent values of our internal headers.
    recordClient(req);
    // CSP and friends on every response, including ones answered before Next; HSTS when over TLS.
    const trustProxy = ["1", "true"].includes(env().TRUST_PROXY);
    for (const [name, value] of Object.entries(securityHeadersFor(req, { dev, trustProxy }))) res.setHeader(name, value);
    if (refuseMalformedRequest(req, res)) return;
    void handle(req, res);
  });
  server.listen(port, hostname, () => {
    console.log(`[atrium] ready on http://localhost:${port} (${dev ? "development" : "production"})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  console.error("[atrium] failed to start:", error);
  process.exit(1);
});
