import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/server/db/client";
import { createSurfaceHandler } from "@/server/http/adapter";
import { recordClient } from "@/server/http/client-ip";
import { serveWithFetch, type FetchHandler } from "@/server/http/node-bridge";
import type { Surface } from "@/server/http/route-table";
import { apiV1 } from "@/server/http/surfaces/api-v1";

export interface TestServer {
  /** Origin of the server, e.g. http://127.0.0.1:41234 (paths keep their /api/v1 prefix). */
  url: string;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free port serving one REST surface, the way server.ts does, through the
 * same node <-> web bridge (src/server/http/node-bridge.ts): the client address comes from the socket
 * (a client-sent value of the internal header is overwritten), the body streams in, the Response is
 * written back as it is produced.
 */
export async function startApiServer(db: Db, surface: Surface = apiV1): Promise<TestServer> {
  return startFetchServer(createSurfaceHandler(surface, () => db).reply);
}

/** The same real HTTP server around any fetch-style handler (a Next route handler, say). */
export async function startFetchServer(handle: FetchHandler): Promise<TestServer> {
  const server = createServer((req, res) => {
    recordClient(req);
    serveWithFetch(req, res, handle).catch((error: unknown) => {
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
