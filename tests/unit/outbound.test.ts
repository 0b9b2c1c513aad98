import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { generateText } from "ai";
import { httpGet } from "@/features/agents/tools/http-get";
import type { ToolContext } from "@/features/agents/tools/types";
import { describeModelError, resolveModel } from "@/server/llm";
import { assertPublicHost, guardedFetch } from "@/server/outbound";
import { refusalReason } from "@/server/outbound/ip-rules";

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
  routes.set("/redirect-credentials", (_req, res) => {
    res.writeHead(302, { location: `http://u:p@127.0.0.1:${port}/creds` });
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
  // [address, the reason it is refused]: every range that is not plain public unicast.
  const REFUSED: [string, string][] = [
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["240.0.0.1", "reserved (240.0.0.0/4)"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["192.0.2.1", "documentation"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["192.0.0.8", "IETF protocol assignments"],
    ["192.88.99.1", "6to4 relay anycast"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["100::1", "discard-only"],
    // Embedded IPv4 forms: refused as whole prefixes, whatever IPv4 address they carry.
    ["::ffff:127.0.0.1", "IPv4-mapped IPv6"],
    ["::ffff:7f00:1", "IPv4-mapped IPv6"],
    ["[::ffff:169.254.169.254]", "IPv4-mapped IPv6"],
    ["::ffff:8.8.8.8", "IPv4-mapped IPv6"],
    ["::ffff:0:127.0.0.1", "IPv4-translated IPv6"],
    ["::ffff:0:7f00:1", "IPv4-translated IPv6"],
    ["::ffff:0:8.8.8.8", "IPv4-translated IPv6"],
    ["64:ff9b::127.0.0.1", "NAT64"],
    ["64:ff9b::a00:1", "NAT64"],
    ["64:ff9b::8.8.8.8", "NAT64"],
    ["64:ff9b:1::a00:1", "NAT64"],
    ["64:ff9b:1:ffff::1", "NAT64"],
    ["2002:7f00:1::1", "6to4"],
    ["2002:808:808::1", "6to4"],
    ["2001::1", "Teredo"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001:2::1", "benchmarking"],
    // Outside global unicast 2000::/3, including the deprecated IPv4-compatible ::a.b.c.d.
    ["::7f00:1", "reserved (outside global unicast 2000::/3)"],
    ["::808:808", "reserved (outside global unicast 2000::/3)"],
    // ipaddr.js reads the deprecated dotted form ::a.b.c.d as IPv4-mapped; refused either way.
    ["::8.8.8.8", "IPv4-mapped IPv6"],
    ["4000::1", "reserved (outside global unicast 2000::/3)"],
    ["not-an-ip", "not an IP address"],
  ];

  it.each(REFUSED)("refuses %s (%s)", (address, reason) => {
    expect(refusalReason(address)).toBe(reason);
  });

  it("reads numeric IPv4 forms the way they are dialled", () => {
    for (const address of ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "0x7f000001"]) expect(refusalReason(address), address).toBe("loopback");
    expect(refusalReason("0xa.0.0.1")).toBe("private");
  });

  it("lets public unicast addresses through", () => {
    for (const address of ["93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "2606:4700:4700::1111", "[2a00:1450:4001:80b::200e]"]) {
      expect(refusalReason(address), address).toBeNull();
    }
  });
});

describe("the guard at the URL level", () => {
  // Each of these reaches this test server (or nothing) if it gets past the guard; none may.
  const refusedUrls = () => [
    [`http://2130706433:${port}/probe`, /127\.0\.0\.1, a loopback address/],
    [`http://0x7f.1:${port}/probe`, /127\.0\.0\.1, a loopback address/],
    [`http://0177.0.0.1:${port}/probe`, /127\.0\.0\.1, a loopback address/],
    [`http://127.1:${port}/probe`, /127\.0\.0\.1, a loopback address/],
    [`http://0.0.0.0:${port}/probe`, /unspecified/],
    [`http://[::1]:${port}/probe`, /::1, a loopback address/],
    [`http://[::ffff:127.0.0.1]:${port}/probe`, /IPv4-mapped IPv6/],
    [`http://[::ffff:7f00:1]:${port}/probe`, /IPv4-mapped IPv6/],
    [`http://[::ffff:0:127.0.0.1]:${port}/probe`, /IPv4-translated IPv6/],
    [`http://[64:ff9b::127.0.0.1]:${port}/probe`, /NAT64/],
    [`http://[64:ff9b:1::a00:1]:${port}/probe`, /NAT64/],
    [`http://[2002:7f00:1::1]:${port}/probe`, /6to4/],
    [`http://[2001::1]:${port}/probe`, /Teredo/],
    [`http://100.64.0.1:${port}/probe`, /carrier-grade NAT/],
    [`http://198.18.0.1:${port}/probe`, /benchmarking/],
  ] as const;

  it("refuses every non-public literal, in every spelling, before connecting", async () => {
    for (const [url, reason] of refusedUrls()) {
      const error = await failure(guardedFetch(url, {}, { allowPrivate: false, timeoutMs: 2000 }));
      expect(error, url).toBeInstanceOf(AppError);
      expect(error.message, url).toMatch(/^Refused to connect to /);
      expect(error.message, url).toMatch(reason);
    }
    expect(seen.filter((s) => s.path === "/probe")).toHaveLength(0);
  });

  it("accepts public literals without touching the network", async () => {
    expect(await assertPublicHost("93.184.215.14", false)).toEqual([{ address: "93.184.215.14", family: 4 }]);
    expect(await assertPublicHost("[2606:2800:21f:cb07:6820:80da:af6b:8b2c]", false)).toEqual([{ address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6 }]);
  });

  it("refuses URLs with credentials before any network use, without echoing them", async () => {
    for (const url of [`http://user:pass@127.0.0.1:${port}/creds`, `http://user@127.0.0.1:${port}/creds`, `http://:pass@127.0.0.1:${port}/creds`]) {
      const error = await failure(guardedFetch(url, {}, { allowPrivate: true }));
      expect(error, url).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("BAD_REQUEST");
      expect(error.message).toBe(`URLs with credentials (user:password@127.0.0.1:${port}) may not be fetched; send credentials in a header instead`);
      expect(error.message).not.toMatch(/pass@|user@/);
    }
    const redirected = await failure(guardedFetch(`${base}/redirect-credentials`, {}, { allowPrivate: true }));
    expect(redirected).toBeInstanceOf(AppError);
    expect(redirected.message).toMatch(/URLs with credentials/);
    expect(seen.filter((s) => s.path === "/creds")).toHaveLength(0);
  });

  it("turns a request fetch itself would reject into an AppError, not a TypeError", async () => {
    const badHeader = await failure(guardedFetch(`${base}/hello`, { headers: { "x-bad": "a\nb" } }, { allowPrivate: true }));
    expect(badHeader).toBeInstanceOf(AppError);
    expect(badHeader.message).toMatch(/^Cannot send this request to 127\.0\.0\.1:\d+: /);
    const getWithBody = await failure(guardedFetch(`${base}/hello`, { method: "GET", body: "x" }, { allowPrivate: true }));
    expect(getWithBody).toBeInstanceOf(AppError);
  });

  it("reaches the http_get tool and the model connection test as the guard's own error", async () => {
    const tool = await failure(httpGet.execute({} as ToolContext, { url: `http://user:pass@127.0.0.1:${port}/creds`, max_chars: 4000 }));
    expect(tool).toBeInstanceOf(AppError);
    expect(tool.message).toMatch(/URLs with credentials/);
    const mapped = await failure(httpGet.execute({} as ToolContext, { url: `http://[::ffff:0:127.0.0.1]:${port}/probe`, max_chars: 4000 }));
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.message).toMatch(/IPv4-translated IPv6/);

    const model = resolveModel({ provider: "openai-compatible", modelName: "m", baseUrl: `http://user:pass@127.0.0.1:${port}/v1`, apiKey: "k" });
    const error = await generateText({ model, prompt: "hi", maxOutputTokens: 1, maxRetries: 0 }).catch((e: unknown) => e);
    expect(describeModelError(error)).toEqual({ known: true, message: expect.stringMatching(/^URLs with credentials/) });
    expect(seen.filter((s) => s.path === "/creds" || s.path.startsWith("/v1"))).toHaveLength(0);
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
    expect(mapped.message).toMatch(/IPv4-mapped IPv6/);
    const metadata = await failure(guardedFetch("http://169.254.169.254/latest/meta-data/", {}, { allowPrivate: false }));
    expect(metadata.message).toMatch(/link-local/);
    expect(seen.filter((s) => s.path === "/latest/meta-data/")).toHaveLength(0);
  });

  it("follows OUTBOUND_ALLOW_PRIVATE by default: all, none, or only the listed addresses", async () => {
    const previous = process.env.OUTBOUND_ALLOW_PRIVATE;
    const { resetEnvCache } = await import("@/server/env");
    try {
      process.env.OUTBOUND_ALLOW_PRIVATE = "1";
      resetEnvCache();
      expect((await guardedFetch(`${base}/hello`)).status).toBe(200);
      process.env.OUTBOUND_ALLOW_PRIVATE = "0";
      resetEnvCache();
      expect((await failure(guardedFetch(`${base}/hello`))).message).toMatch(/Refused/);
      // A list allows only the addresses it names.
      process.env.OUTBOUND_ALLOW_PRIVATE = "127.0.0.2,10.0.0.5";
      resetEnvCache();
      expect((await failure(guardedFetch(`${base}/hello`))).message).toMatch(/Refused to connect to 127\.0\.0\.1/);
      process.env.OUTBOUND_ALLOW_PRIVATE = "10.0.0.5,127.0.0.1";
      resetEnvCache();
      expect((await guardedFetch(`${base}/hello`)).status).toBe(200);
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
