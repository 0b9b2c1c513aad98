import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/server/db/client";
import { createSurfaceHandler } from "@/server/http/adapter";
import { recordClient } from "@/server/http/client-ip";
import { serveWithFetch, type FetchHandler, type ServeOptions } from "@/server/http/node-bridge";
import type { Surface } from "@/server/http/route-table";
import { apiMounts } from "@/server/http/surfaces/mounts";
import { mountFinder } from "@/server/http/surfaces/mount-finder";

export interface TestServer {
  /** Origin of the server, e.g. http://127.0.0.1:41234 (paths keep their /api/v1 prefix). */
  url: string;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free port serving the API surfaces (or one REST surface), the way server.ts does, through the
 * same node <-> web bridge (src/server/http/node-bridge.ts): the client address comes from the socket
 * (a client-sent value of the internal header is overwritten), the body streams in, the Response is
 * written back as it is produced.
 */
export async function startApiServer(db: Db, surface?: Surface): Promise<TestServer> {
  // The adapter gets node's request as server.ts gives it (a light request, not a web Request).
  if (surface) return startFetchServer(createSurfaceHandler(surface, () => db).reply, { light: true });
  // Every API surface, found by path prefix the way server.ts finds them (surfaces/mounts.ts).
  const mountFor = mountFinder(apiMounts(() => db));
  const unclaimed = createSurfaceHandler({ prefix: "/api", title: "unclaimed", routes: [] }, () => db).reply;
  return startFetchServer(
    (request) => (mountFor(new URL(request.url).pathname, (name) => request.headers.get(name) ?? undefined)?.handle ?? unclaimed)(request),
    { light: true },
  );
}

/** The same real HTTP server around any fetch-style handler (a Next route handler, say). */
export async function startFetchServer(handle: FetchHandler, options: ServeOptions = {}): Promise<TestServer> {
  const server = createServer((req, res) => {
    recordClient(req);
    serveWithFetch(req, res, handle, options).catch((error: unknown) => {
      res.statusCode = 599;
      res.end(`test server failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
