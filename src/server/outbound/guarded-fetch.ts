import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { AppError } from "../errors";
import { env } from "../env";
import { phase } from "../perf/phases";
import { refusalReason } from "./ip-rules";

/**
 * The one way Atrium's server talks to the outside (model providers, the http_get tool, later
 * webhooks, A2A and MCP): only http(s) URLs without credentials in them, a deadline, a response
 * size limit enforced while streaming, redirects followed by hand (at most five, each target
 * checked again), and SSRF rules: every address a host resolves to must be public unicast
 * (`ip-rules.ts`) unless OUTBOUND_ALLOW_PRIVATE is set. The check runs
 * at connect time on the addresses actually dialled, so DNS rebinding cannot slip past it.
 *
 * Returns a standard `Response` whose body streams, so it can be handed to the AI SDK as `fetch`.
 */
export interface GuardOptions {
  /** Deadline for the whole exchange, including reading the body. Default 15 s. */
  timeoutMs?: number;
  /** The most response bytes (after decompression) read before the body errors. Default 5 MiB. */
  maxBytes?: number;
  /** Default 5; 0 returns the redirect response itself. */
  maxRedirects?: number;
  /**
   * Overrides OUTBOUND_ALLOW_PRIVATE: true allows every non-public address, a function allows the
   * non-public addresses it returns true for (e.g. one known self-hosted model server).
   */
  allowPrivate?: AllowPrivate;
}

export type AllowPrivate = boolean | ((address: string) => boolean);

const DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** OUTBOUND_ALLOW_PRIVATE: true (every non-public address), false, or only the listed addresses. */
export function privateAddressesAllowed(): AllowPrivate {
  const setting = env().OUTBOUND_ALLOW_PRIVATE;
  if (["1", "true"].includes(setting)) return true;
  if (["0", "false"].includes(setting)) return false;
  const listed = new Set(setting.split(",").map((a) => a.trim()));
  return (address) => listed.has(address);
}

const refusedError = (host: string, address: string, reason: string) =>
  new AppError(
    "BAD_REQUEST",
    `Refused to connect to ${host}: it resolves to ${address}, a ${reason} address. Outbound requests may only reach public addresses (set OUTBOUND_ALLOW_PRIVATE=1 to allow private ones, e.g. for a self-hosted model).`,
  );

/** Resolves a host to all its addresses and refuses the lot if any one is not public. */
export async function assertPublicHost(host: string, allowPrivate: AllowPrivate = privateAddressesAllowed()) {
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses: LookupAddress[] = isIP(bare)
    ? [{ address: bare, family: isIP(bare) }]
    : await new Promise((resolve, reject) =>
        dnsLookup(bare, { all: true }, (error, found) =>
          error ? reject(new AppError("BAD_REQUEST", `Cannot resolve host ${bare}: ${error.code ?? error.message}`)) : resolve(found),
        ),
      );
  if (allowPrivate === true) return addresses;
  for (const { address } of addresses) {
    const reason = refusalReason(address);
    if (reason && !(typeof allowPrivate === "function" && allowPrivate(address))) throw refusedError(bare, address, reason);
  }
  return addresses;
}

/** A `lookup` for sockets: resolves, checks every address, and connects only to vetted ones. */
function guardedLookup(allowPrivate: AllowPrivate): LookupFunction {
  return (hostname, options, callback) => {
    assertPublicHost(hostname, allowPrivate).then(
      (addresses) => {
        if (options.all) return callback(null, addresses);
        const wanted = options.family === 4 || options.family === 6 ? addresses.find((a) => a.family === options.family) : addresses[0];
        if (!wanted) return callback(Object.assign(new Error(`No IPv${options.family} address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
        callback(null, wanted.address, wanted.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}

/**
 * Fails only with `AppError` (refusals, bad input, unreachable hosts, deadlines, size limits), or
 * with the caller's own abort reason when the caller aborts, so every surface can report it as is.
 */
export async function guardedFetch(input: string | URL, init: RequestInit = {}, options: GuardOptions = {}): Promise<Response> {
  try {
    return await fetchWithGuards(input, init, options);
  } catch (error) {
    throw asGuardError(error, input, init.signal);
  }
}

async function fetchWithGuards(input: string | URL, init: RequestInit, options: GuardOptions): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
  const allowPrivate = options.allowPrivate ?? privateAddressesAllowed();

  let url = parseUrl(String(input));
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;

  // Normalises every body and header form fetch accepts into bytes and a Headers object.
  let prepared: Request;
  try {
    prepared = new Request(url, { ...init, signal: undefined, redirect: "manual", ...({ duplex: "half" } as object) });
  } catch (error) {
    throw new AppError("BAD_REQUEST", `Cannot send this request to ${url.host}: ${(error as Error).message}`);
  }
  let method = prepared.method;
  let headers = new Headers(prepared.headers);
  let body: Buffer | undefined = prepared.body ? Buffer.from(await prepared.arrayBuffer()) : undefined;

  for (let hop = 0; ; hop++) {
    const response = await exchange(url, { method, headers, body, signal, allowPrivate, timeoutMs, maxBytes });
    if (!REDIRECTS.has(response.status) || maxRedirects === 0) return response;
    const location = response.headers.get("location");
    if (!location) return response;
    await response.body?.cancel().catch(() => {});
    if (hop >= maxRedirects) throw new AppError("BAD_REQUEST", `Too many redirects (more than ${maxRedirects}) from ${String(input)}`);
    const next = parseUrl(location, url);
    if (next.origin !== url.origin) {
      headers = new Headers(headers);
      for (const name of ["authorization", "cookie", "proxy-authorization", "x-api-key"]) headers.delete(name);
    }
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = method === "HEAD" ? "HEAD" : "GET";
      body = undefined;
      headers.delete("content-type");
      headers.delete("content-length");
    }
    url = next;
  }
}

/** Parses a URL (a redirect's Location relative to `base`) and refuses what may not be fetched. */
function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new AppError("BAD_REQUEST", `Not a valid URL: ${text}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("BAD_REQUEST", `Only http and https URLs may be fetched, not ${url.protocol.replace(/:$/, "")}`);
  }
  // fetch refuses them with a TypeError, and they would end up in logs and error messages; the
  // message names only the host, never the credentials.
  if (url.username || url.password) {
    throw new AppError("BAD_REQUEST", `URLs with credentials (user:password@${url.host}) may not be fetched; send credentials in a header instead`);
  }
  return url;
}

/**
 * The last line: whatever still escapes (a TypeError from node:http, say) becomes an AppError, so
 * callers never see a bare TypeError. The caller's own abort passes through unchanged.
 */
function asGuardError(error: unknown, input: string | URL, callerSignal: AbortSignal | null | undefined): unknown {
  if (error instanceof AppError) return error;
  if (callerSignal?.aborted) return error;
  const host = URL.canParse(String(input)) ? new URL(String(input)).host : "the host";
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new AppError("SERVICE_UNAVAILABLE", `The request to ${host} failed: ${message}`), { cause: error });
}

interface Exchange {
  method: string;
  headers: Headers;
  body: Buffer | undefined;
  signal: AbortSignal;
  allowPrivate: AllowPrivate;
  timeoutMs: number;
  maxBytes: number;
}

/** One request/response over node:http(s) with the guarded lookup; the body streams with a byte cap. */
async function exchange(url: URL, x: Exchange): Promise<Response> {
  // An IP literal never goes through `lookup`, so it is checked here.
  if (isIP(url.hostname.replace(/^\[|\]$/g, ""))) await assertPublicHost(url.hostname, x.allowPrivate);
  if (x.signal.aborted) throw abortError(x.signal, url, x.timeoutMs);

  const headers: Record<string, string> = {};
  x.headers.forEach((value, name) => (headers[name] = value));
  headers["accept-encoding"] = "gzip, deflate, br";
  if (x.body) headers["content-length"] = String(x.body.length);

  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  phase("outbound request sent");
  const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
    // A synchronous throw here (an invalid header value, say) rejects this promise with a raw error; guardedFetch wraps it.
    const req = send(url, { method: x.method, headers, lookup: guardedLookup(x.allowPrivate), signal: x.signal }, resolve);
    req.on("error", (error: Error & { code?: string }) => {
      if (error instanceof AppError) return reject(error);
      if (x.signal.aborted) return reject(abortError(x.signal, url, x.timeoutMs));
      reject(new AppError("SERVICE_UNAVAILABLE", `Could not reach ${url.host}: ${error.code ?? error.message}`));
    });
    req.end(x.body);
  });

  const length = Number(incoming.headers["content-length"] ?? "0");
  if (length > x.maxBytes && !incoming.headers["content-encoding"]) {
    incoming.destroy();
    throw tooLarge(url, x.maxBytes);
  }

  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
  }
  const status = incoming.statusCode ?? 502;
  const nullBody = x.method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200);
  if (nullBody) {
    incoming.resume();
    return new Response(null, { status, statusText: incoming.statusMessage, headers: responseHeaders });
  }

  const encoding = String(incoming.headers["content-encoding"] ?? "").toLowerCase();
  const decoder = encoding === "gzip" || encoding === "x-gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : encoding === "br" ? createBrotliDecompress() : null;
  const source: Readable = decoder ? incoming.pipe(decoder) : incoming;
  if (decoder) {
    incoming.on("error", (error) => decoder.destroy(error));
    responseHeaders.delete("content-encoding");
    responseHeaders.delete("content-length");
  }

  let received = 0;
  let settled = false;
  const limited = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: Error) => {
          if (settled) return;
          settled = true;
          incoming.destroy();
          controller.error(error);
        };
        source.on("data", (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > x.maxBytes) return fail(tooLarge(url, x.maxBytes));
          controller.enqueue(new Uint8Array(chunk));
          // Backpressure: pause the socket while the consumer catches up.
          if ((controller.desiredSize ?? 1) <= 0) source.pause();
        });
        source.on("end", () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        const broken = (error?: Error) =>
          fail(
            x.signal.aborted
              ? abortError(x.signal, url, x.timeoutMs)
              : new AppError("SERVICE_UNAVAILABLE", `Reading from ${url.host} failed: ${error?.message ?? "the connection closed early"}`),
          );
        source.on("error", broken);
        incoming.on("close", () => {
          if (!incoming.complete) broken();
        });
      },
      pull() {
        source.resume();
      },
      cancel() {
        settled = true;
        incoming.destroy();
      },
    },
    { highWaterMark: 16 },
  );

  const response = new Response(limited, { status, statusText: incoming.statusMessage, headers: responseHeaders });
  Object.defineProperty(response, "url", { value: url.toString() });
  return response;
}

function tooLarge(url: URL, maxBytes: number) {
  return new AppError("PAYLOAD_TOO_LARGE", `The response from ${url.host} is larger than ${maxBytes} bytes`);
}

/** A caller's abort stays an AbortError (the AI SDK recognises it); the deadline becomes a clear AppError. */
function abortError(signal: AbortSignal, url: URL, timeoutMs: number) {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === "TimeoutError") {
    return new AppError("SERVICE_UNAVAILABLE", `${url.host} did not answer within ${timeoutMs} ms`);
  }
  return reason instanceof Error ? reason : new DOMException("The operation was aborted", "AbortError");
}

/** `guardedFetch` with fixed options, in the shape providers take as their `fetch`. */
export function guardedFetcher(options: GuardOptions = {}): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    if (input instanceof Request) {
      return guardedFetch(input.url, { method: input.method, headers: input.headers, body: input.body, signal: input.signal, ...init, ...({ duplex: "half" } as object) }, options);
    }
    return guardedFetch(input, init, options);
  }) as typeof fetch;
}
