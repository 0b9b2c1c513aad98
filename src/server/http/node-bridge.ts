import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { JsonReply } from "./json-reply";
import { log } from "../log";
import { CLIENT_IP_HEADER, CLIENT_PROXIED_HEADER } from "./client-ip";

/**
 * Node's `http` request/response <-> the web `Request`/`Response` that route tables speak, without
 * Next: server.ts's API fast path and the tests' HTTP servers share this one implementation.
 *
 * - the request body is streamed (never buffered here): the surface reads it with its byte cap and
 *   answers 413 as soon as the cap is passed; the rest of an unread body is not read, and the
 *   connection is closed after the answer rather than drained;
 * - the request's signal aborts when the client goes away, so streams (SSE) and model calls stop;
 * - a response is written as it is produced: Server-Sent Events chunk by chunk, a one-chunk body
 *   (problem+json) with its Content-Length in one write, a surface's JsonReply without any stream;
 * - HEAD answers carry no body (Node drops it).
 */
export type FetchHandler = (request: Request) => Promise<Response | JsonReply>;

export interface ServeOptions {
  /**
   * The handler is a route table's adapter, which reads only `method`, `url`, `headers.get/has`,
   * `signal` and `body` of its request: give it a light request over node's own (lightRequest)
   * instead of a web Request, whose construction cost more than the rest of a small API request.
   */
  light?: boolean;
}

/** How long an unread request body (after a 413) is drained before its connection is dropped. */
const DISCARD_MS = 5_000;

/** Serves one node request with a fetch-style handler; a handler that throws gets a bare 500. */
export async function serveWithFetch(req: IncomingMessage, res: ServerResponse, handle: FetchHandler, options: ServeOptions = {}): Promise<void> {
  // Made on first use (most requests never look at their signal).
  let disconnected: AbortController | undefined;
  const signal = () => {
    if (!disconnected) {
      const controller = (disconnected = new AbortController());
      if (res.closed) controller.abort();
      else
        res.once("close", () => {
          if (!res.writableFinished) controller.abort();
        });
    }
    return disconnected.signal;
  };
  let response: Response | JsonReply;
  try {
    response = await handle(options.light ? lightRequest(req, res, signal) : toWebRequest(req, res, signal));
  } catch (error) {
    log.error("HTTP handler failed", { err: error });
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader("content-type", "text/plain; charset=utf-8");
    }
    res.end("Internal Server Error");
    return;
  }
  if (response instanceof JsonReply) {
    // One write, no web stream (HEAD: Node sends the headers only).
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader("content-type", "application/json");
    res.setHeader("content-length", Buffer.byteLength(response.body));
    res.end(response.body);
    return;
  }
  await writeWebResponse(res, response, signal());
}

/** The web Request for a node request (internal client headers included, as recordClient set them). */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, signal: () => AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    // The internal headers come from req.headers below (recordClient overwrote client values there).
    if (name === CLIENT_IP_HEADER || name === CLIENT_PROXIED_HEADER) continue;
    headers.append(name, raw[i + 1]);
  }
  for (const name of [CLIENT_IP_HEADER, CLIENT_PROXIED_HEADER]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const method = (req.method ?? "GET").toUpperCase();
  const url = `http://${hostOf(req)}${req.url ?? "/"}`;
  const request = new Request(url, { method, headers, ...(hasBody(req, method) ? { body: bodyStream(req, res), duplex: "half" } : {}) } as RequestInit);
  // The disconnect signal as the request's own `signal`, without handing it to the constructor: undici
  // follows a given signal with listeners and a FinalizationRegistry, which made a Request four times
  // as costly. Nothing here clones or re-sends the Request, which is all its internal signal is for.
  Object.defineProperty(request, "signal", { get: signal, enumerable: true });
  return request;
}

/**
 * The request as a route table's adapter sees it, read straight from node's: the method, the URL,
 * headers answered from `req.headers` (where recordClient already replaced client-sent values of the
 * internal headers), the disconnect signal made on first use, and the body stream. Typed as a
 * Request for the adapter's sake; it is not one (nothing downstream clones or re-sends it).
 */
export function lightRequest(req: IncomingMessage, res: ServerResponse, signal: () => AbortSignal): Request {
  const method = (req.method ?? "GET").toUpperCase();
  const body = hasBody(req, method) ? bodyStream(req, res) : null;
  const light = {
    method,
    url: `http://${hostOf(req)}${req.url ?? "/"}`,
    headers: new NodeHeaders(req.headers),
    body,
    get signal() {
      return signal();
    },
  };
  return light as unknown as Request;
}

/** The read side of web `Headers` over node's parsed headers (names are already lower case there). */
class NodeHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string) {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, name: string) => void) {
    for (const [name, value] of this) callback(value, name);
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  entries() {
    return this[Symbol.iterator]();
  }
}

const hasBody = (req: IncomingMessage, method: string) =>
  method !== "GET" && method !== "HEAD" && (req.headers["content-length"] !== undefined ? req.headers["content-length"] !== "0" : req.headers["transfer-encoding"] !== undefined);

/** A Host header that is a valid authority, else localhost (a garbage Host must not make URL() throw). */
function hostOf(req: IncomingMessage) {
  const host = req.headers.host;
  return host && /^[a-z0-9.\-[\]:]+$/i.test(host) ? host : "localhost";
}

/**
 * The request body as a web stream with backpressure. A reader that stops early (the surface's 413)
 * marks the connection to close after the answer; what nobody read is dropped after the answer.
 */
function bodyStream(req: IncomingMessage, res: ServerResponse): ReadableStream<Uint8Array> {
  let settled = false;
  // Closing at once with unread bytes would reset the connection, and the client could lose the
  // answer: once it is sent, whatever the handler did not read is read and dropped, for a few
  // seconds at most (a route without a body, a 405, a 413).
  const discardRest = () => {
    settled = true;
    if (req.complete) return;
    const stop = setTimeout(() => req.socket.destroy(), DISCARD_MS);
    req.once("end", () => clearTimeout(stop));
    req.resume();
  };
  res.once("finish", () => {
    if (!settled || !req.complete) discardRest();
  });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on("data", (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once("end", () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        req.once("error", (error) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        });
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The reader stopped early (the 413): no keep-alive after such a request.
        settled = true;
        req.pause();
        res.shouldKeepAlive = false;
        if (!res.headersSent) res.setHeader("connection", "close");
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

const isEventStream = (response: Response) => response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;

/** Writes a web Response to a node response: status, headers (each Set-Cookie on its own), body. */
export async function writeWebResponse(res: ServerResponse, response: Response, signal: AbortSignal): Promise<void> {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  if (cookies.length) res.setHeader("set-cookie", cookies);
  const body = response.body;
  if (!body || res.req?.method === "HEAD") {
    if (body) void body.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener("abort", stop, { once: true });
  try {
    if (isEventStream(response)) {
      // Live: headers now, then every event the moment it is produced.
      res.flushHeaders();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        res.write(value);
        // Node corks the socket on write and uncorks on the next tick, which comes only after every
        // queued promise has run: a model's burst of tokens (and whatever the run does next) would
        // go out as one late packet. An event is sent when it is written.
        res.socket?.uncork();
      }
      return;
    }
    // A body of one chunk (JSON, problem+json) goes out in one write with its Content-Length.
    const first = await reader.read();
    if (first.done) return;
    const second = await reader.read();
    if (second.done) {
      if (!res.hasHeader("content-length")) res.setHeader("content-length", first.value.byteLength);
      res.end(first.value);
      return;
    }
    res.write(first.value);
    res.write(second.value);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // The client went away mid-stream, or the body failed: end what was sent.
  } finally {
    signal.removeEventListener("abort", stop);
    if (!res.writableEnded) res.end();
  }
}
