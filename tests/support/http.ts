import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/server/db/client";
import { createSurfaceHandler } from "@/server/http/adapter";
import { CLIENT_IP_HEADER, CLIENT_PROXIED_HEADER, recordClient } from "@/server/http/client-ip";
import type { Surface } from "@/server/http/route-table";
import { apiV1 } from "@/server/http/surfaces/api-v1";

export interface TestServer {
  /** Origin of the server, e.g. http://127.0.0.1:41234 (paths keep their /api/v1 prefix). */
  url: string;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free port serving one REST surface, the way server.ts does: the request
 * becomes a web Request, the client address comes from the socket (a client-sent value of the
 * internal header is overwritten) and the Response is written back byte for byte.
 */
export async function startApiServer(db: Db, surface: Surface = apiV1): Promise<TestServer> {
  return startFetchServer(createSurfaceHandler(surface, () => db));
}

/** The same real HTTP server around any fetch-style handler (a Next route handler, say). */
export async function startFetchServer(handle: (request: Request) => Promise<Response>): Promise<TestServer> {
  const server = createServer((req, res) => {
    serve(req, res, handle).catch((error: unknown) => {
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

async function serve(req: IncomingMessage, res: ServerResponse, handle: (request: Request) => Promise<Response>) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  recordClient(req);
  for (const name of [CLIENT_IP_HEADER, CLIENT_PROXIED_HEADER]) headers.set(name, String(req.headers[name]));

  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const method = (req.method ?? "GET").toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
  // Like Next: the request's signal aborts when the client goes away (streams such as SSE stop then).
  const disconnected = new AbortController();
  res.on("close", () => disconnected.abort());
  const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`), {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal: disconnected.signal,
  });

  const response = await handle(request);
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  // Written chunk by chunk as it is produced, so streaming responses (SSE) arrive live.
  res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  disconnected.signal.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // The client went away mid-stream.
  } finally {
    disconnected.signal.removeEventListener("abort", stop);
    res.end();
  }
}
