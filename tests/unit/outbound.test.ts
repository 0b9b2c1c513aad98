import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { guardedFetch } from "@/server/outbound";
import { embeddedIpv4, refusalReason } from "@/server/outbound/ip-rules";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;
let port: number;
const seen: { path: string; headers: IncomingMessage["headers"]; method: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const path = new URL(req.url ?? "/", "http://x").pathname;
    seen.push({ path, headers: req.headers, method: req.method ?? "", body });
    const handler = routes.get(path);
    if (!handler) {
      res.statusCode = 404;
      return res.end("no route");
    }
    handler(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  routes.set("/hello", (_req, res) => res.end("hello"));
  routes.set("/echo", (req, res, body) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null }));
  });
  routes.set("/gzip", (_req, res) => {
    res.setHeader("content-encoding", "gzip");
    res.end(gzipSync("compressed hello"));
  });
  routes.set("/big-declared", (_req, res) => {
    res.setHeader("content-length", String(2 * 1024 * 1024));
    res.end(Buffer.alloc(2 * 1024 * 1024, 97));
  });
  routes.set("/big-chunked", (_req, res) => {
    let sent = 0;
    const pump = () => {
      while (sent < 4 * 1024 * 1024) {
        sent += 64 * 1024;
        if (!res.write(Buffer.alloc(64 * 1024, 98))) return res.once("drain", pump);
      }
      res.end();
    };
    res.on("error", () => {});
    pump();
  });
  routes.set("/hang", () => {});
  routes.set("/slow-body", (_req, res) => {
    res.write("start");
  });
  routes.set("/redirect-once", (_req, res) => {
    res.writeHead(302, { location: "/hello" });
    res.end();
  });
  routes.set("/redirect-post", (_req, res) => {
    res.writeHead(303, { location: "/echo" });
    res.end();
  });
  routes.set("/redirect-307", (_req, res) => {
    res.writeHead(307, { location: "/echo" });
    res.end();
  });
  routes.set("/redirect-loop", (_req, res) => {
    res.writeHead(302, { location: "/redirect-loop" });
    res.end();
  });
  routes.set("/redirect-private", (_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.2:${port}/hello` });
    res.end();
  });
  routes.set("/redirect-other-origin", (_req, res) => {
    res.writeHead(302, { location: `http://localhost:${port}/echo` });
    res.end();
  });
  routes.set("/redirect-file", (_req, res) => {
    res.writeHead(302, { location: "file:///etc/passwd" });
    res.end();
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const onlyThisServer = (address: string) => address === "127.0.0.1";

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a failure").toBeInstanceOf(Error);
  return error as Error;
}

describe("address rules", () => {
  it("refuses loopback, private, link-local, CGNAT, multicast and the unspecified address (IPv4)", () => {
    expect(refusalReason("127.0.0.1")).toBe("loopback");
    expect(refusalReason("10.1.2.3")).toBe("private");
    expect(refusalReason("172.16.0.1")).toBe("private");
    expect(refusalReason("172.31.255.255")).toBe("private");
    expect(refusalReason("192.168.1.1")).toBe("private");
    expect(refusalReason("169.254.169.254")).toBe("link-local");
    expect(refusalReason("100.64.0.1")).toBe("carrier-grade NAT");
    expect(refusalReason("224.0.0.1")).toBe("multicast");
    expect(refusalReason("0.0.0.0")).toBe("this network");
    expect(refusalReason("255.255.255.255")).toBe("reserved");
  });

  it("refuses the same ranges in IPv6, including IPv4-mapped and NAT64 forms", () => {
    expect(refusalReason("::1")).toBe("loopback");
    expect(refusalReason("::")).toBe("unspecified");
    expect(refusalReason("fe80::1")).toBe("link-local");
    expect(refusalReason("fd12:3456::1")).toBe("unique-local");
    expect(refusalReason("ff02::1")).toBe("multicast");
    expect(refusalReason("::ffff:127.0.0.1")).toBe("loopback");
    expect(refusalReason("::ffff:7f00:1")).toBe("loopback");
    expect(refusalReason("[::ffff:169.254.169.254]")).toBe("link-local");
    expect(refusalReason("64:ff9b::10.0.0.1")).toBe("private");
    expect(embeddedIpv4("::ffff:c0a8:0101")).toBe("192.168.1.1");
  });

  it("lets public addresses through", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(refusalReason(address), address).toBeNull();
    }
  });
});

describe("guardedFetch", () => {
  it("fetches from an allowed address and streams the body", async () => {
    const response = await guardedFetch(`${base}/hello`, {}, { allowPrivate: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello");
  });

  it("sends method, headers and body, and decompresses gzip", async () => {
    const echoed = await guardedFetch(`${base}/echo`, { method: "POST", body: JSON.stringify({ a: 1 }), headers: { authorization: "Bearer k" } }, { allowPrivate: true });
    expect(await echoed.json()).toEqual({ method: "POST", body: '{"a":1}', auth: "Bearer k" });
    const zipped = await guardedFetch(`${base}/gzip`, {}, { allowPrivate: true });
    expect(await zipped.text()).toBe("compressed hello");
  });

  it("refuses loopback by IP, by name (DNS) and as IPv4-mapped IPv6 unless allowed", async () => {
    const byIp = await failure(guardedFetch(`${base}/hello`, {}, { allowPrivate: false }));
    expect(byIp).toBeInstanceOf(AppError);
    expect(byIp.message).toMatch(/Refused to connect to 127\.0\.0\.1: .* loopback address/);
    const byName = await failure(guardedFetch(`http://localhost:${port}/hello`, {}, { allowPrivate: false }));
    expect(byName.message).toMatch(/Refused to connect to localhost: it resolves to (127\.0\.0\.1|::1), a loopback address/);
    const mapped = await failure(guardedFetch(`http://[::ffff:127.0.0.1]:${port}/hello`, {}, { allowPrivate: false }));
    expect(mapped.message).toMatch(/loopback/);
    const metadata = await failure(guardedFetch("http://169.254.169.254/latest/meta-data/", {}, { allowPrivate: false }));
    expect(metadata.message).toMatch(/link-local/);
    expect(seen.filter((s) => s.path === "/latest/meta-data/")).toHaveLength(0);
  });

  it("follows OUTBOUND_ALLOW_PRIVATE by default", async () => {
    const previous = process.env.OUTBOUND_ALLOW_PRIVATE;
    const { resetEnvCache } = await import("@/server/env");
    try {
      process.env.OUTBOUND_ALLOW_PRIVATE = "1";
      resetEnvCache();
      expect((await guardedFetch(`${base}/hello`)).status).toBe(200);
      process.env.OUTBOUND_ALLOW_PRIVATE = "0";
      resetEnvCache();
      expect((await failure(guardedFetch(`${base}/hello`))).message).toMatch(/Refused/);
    } finally {
      if (previous === undefined) delete process.env.OUTBOUND_ALLOW_PRIVATE;
      else process.env.OUTBOUND_ALLOW_PRIVATE = previous;
      resetEnvCache();
    }
  });

  it("accepts only http and https", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com", "data:text/plain,hi"]) {
      expect((await failure(guardedFetch(url, {}, { allowPrivate: true }))).message, url).toMatch(/Only http and https/);
    }
    expect((await failure(guardedFetch("not a url"))).message).toMatch(/Not a valid URL/);
  });

  it("follows redirects by hand, switching to GET after a 303 and keeping the body on a 307", async () => {
    const once = await guardedFetch(`${base}/redirect-once`, {}, { allowPrivate: true });
    expect(once.status).toBe(200);
    expect(once.url).toBe(`${base}/hello`);
    expect(await once.text()).toBe("hello");
    const afterPost = await guardedFetch(`${base}/redirect-post`, { method: "POST", body: "x" }, { allowPrivate: true });
    expect(await afterPost.json()).toMatchObject({ method: "GET", body: "" });
    const kept = await guardedFetch(`${base}/redirect-307`, { method: "POST", body: "x" }, { allowPrivate: true });
    expect(await kept.json()).toMatchObject({ method: "POST", body: "x" });
  });

  it("stops after five redirects", async () => {
    const error = await failure(guardedFetch(`${base}/redirect-loop`, {}, { allowPrivate: true }));
    expect(error.message).toMatch(/Too many redirects \(more than 5\)/);
  });

  it("refuses a redirect to a refused address or scheme, even when the first hop was allowed", async () => {
    const error = await failure(guardedFetch(`${base}/redirect-private`, {}, { allowPrivate: onlyThisServer }));
    expect(error.message).toMatch(/Refused to connect to 127\.0\.0\.2/);
    const file = await failure(guardedFetch(`${base}/redirect-file`, {}, { allowPrivate: onlyThisServer }));
    expect(file.message).toMatch(/Only http and https/);
  });

  it("drops credentials when a redirect leaves the origin", async () => {
    const response = await guardedFetch(`${base}/redirect-other-origin`, { headers: { authorization: "Bearer secret" } }, { allowPrivate: true });
    expect(await response.json()).toMatchObject({ auth: null });
  });

  it("refuses a response larger than the limit, declared or streamed", async () => {
    const declared = await failure(guardedFetch(`${base}/big-declared`, {}, { allowPrivate: true, maxBytes: 1024 * 1024 }));
    expect(declared.message).toMatch(/larger than 1048576 bytes/);
    const response = await guardedFetch(`${base}/big-chunked`, {}, { allowPrivate: true, maxBytes: 1024 * 1024 });
    expect(response.status).toBe(200);
    const streamed = await failure(response.arrayBuffer());
    expect(streamed.message).toMatch(/larger than 1048576 bytes/);
  });

  it("gives up after the deadline, while waiting for headers or for the body", async () => {
    const started = Date.now();
    const headers = await failure(guardedFetch(`${base}/hang`, {}, { allowPrivate: true, timeoutMs: 200 }));
    expect(headers.message).toMatch(/did not answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    const response = await guardedFetch(`${base}/slow-body`, {}, { allowPrivate: true, timeoutMs: 300 });
    const body = await failure(response.text());
    expect(body.message).toMatch(/did not answer within 300 ms/);
  });

  it("stops when the caller aborts", async () => {
    const controller = new AbortController();
    const pending = guardedFetch(`${base}/hang`, { signal: controller.signal }, { allowPrivate: true });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.name).toBe("AbortError");
  });

  it("reports an unreachable server as a clear error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(guardedFetch(`http://127.0.0.1:${deadPort}/`, {}, { allowPrivate: true }));
    expect(error.message).toMatch(/Could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});
