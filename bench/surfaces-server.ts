/**
 * The server side of `bench/surfaces.ts`, run as its own process (compiled like `npm start` compiles
 * server.ts, then plain Node; never tsx): Atrium's production request path and, beside it, the bare
 * `node:http` baselines on the same database. Talks to the bench over IPC: it reports its ports and a
 * bearer token, and answers "memory" with its RSS after a full GC.
 *
 * Atrium: server.ts's own listener (createRequestListener with the API mounts), and Next's
 * production request handler behind it when BENCH_NEXT=1 (a build in .next), exactly as server.ts
 * wires them; without Next, non-API paths answer 404 and RSS lacks Next's share.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify } from "jose";
import { issueAccessToken } from "../src/server/auth/access-token";
import { createSession } from "../src/server/auth/sessions";
import { setDb } from "../src/server/db";
import { databaseTarget, openAppDatabase } from "../src/server/db/adapter";
import { createDb } from "../src/server/db/client";
import { applyMigrations } from "../src/server/db/migrate";
import { secret } from "../src/server/env";
import { createRequestListener } from "../src/server/http/node-server";
import { usernameKey } from "../src/features/identity/username";

const listen = (server: ReturnType<typeof createServer>) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));

async function main() {
  const target = databaseTarget();
  const opened = openAppDatabase(target);
  // bench/surfaces.ts migrates in a process of its own first, as npm start does (server.ts).
  if (process.env.BENCH_MIGRATED !== "1") await applyMigrations(opened.factory);
  const db = createDb(opened);
  setDb(db);

  const tag = Math.random().toString(36).slice(2, 10);
  const user = await db.user.create({
    data: { email: `bench-${tag}@atrium.local`, username: `bench_${tag}`, usernameKey: usernameKey(`bench_${tag}`), passwordHash: "unused", emailConfirmedAt: new Date() },
  });
  const session = await createSession(db, user.id, "api", new Date(Date.now() + 3600_000));
  const token = await issueAccessToken(user, session.id);

  let fallback = (_req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = 404;
    res.end();
  };
  if (process.env.BENCH_NEXT === "1") {
    const next = (await import("next")).default;
    const app = next({ dev: false, hostname: "localhost", port: 3000 });
    await app.prepare();
    fallback = app.getRequestHandler() as typeof fallback;
  }
  // After Next, as in server.ts (the surfaces load next/server, which wants Next's environment).
  const { apiMounts } = await import("../src/server/http/surfaces/mounts");
  const atrium = createServer(createRequestListener({ dev: false, trustProxy: false, mounts: apiMounts(), fallback }));

  // The baselines: the same JSON for health; for users/me the same token check (jose, same key and
  // claims) and the same profile query through the same Prisma client, and nothing else.
  const key = new TextEncoder().encode(`access-token:${secret()}`);
  const bare = createServer((req, res) => {
    if (req.url === "/api/v1/health") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "ok" }));
      return;
    }
    if (req.url === "/api/v1/users/me") {
      void (async () => {
        const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
        const { payload } = await jwtVerify(bearer, key, { issuer: "atrium", audience: "atrium-api", algorithms: ["HS256"] });
        const found = await db.user.findUnique({ where: { id: payload.sub! } });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ id: found!.id, username: found!.username, avatar_url: found!.avatarUrl, bio: found!.bio }));
      })().catch(() => {
        res.statusCode = 401;
        res.end();
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });

  // With Next: the same listener without API mounts, i.e. /api/v1 through Next's router and route
  // handler (the portable mount; what production did before the fast path).
  const viaNext = process.env.BENCH_NEXT === "1" ? createServer(createRequestListener({ dev: false, trustProxy: false, mounts: [], fallback })) : undefined;

  const [atriumPort, barePort] = [await listen(atrium), await listen(bare)];
  const nextPort = viaNext ? await listen(viaNext) : undefined;
  process.on("SIGTERM", () => process.exit(0));
  process.on("message", (message: { type: string }) => {
    if (message.type !== "memory") return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send!({ type: "memory", ...process.memoryUsage() });
  });
  process.send!({ type: "ready", atriumPort, barePort, nextPort, token, database: target.kind });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
