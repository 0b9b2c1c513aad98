import type { FetchHandler } from "../node-bridge";

/** Reads one request header (lower-case name), whoever holds the request (node's or a web one). */
export type HeaderReader = (name: string) => string | undefined;

/** An API surface server.ts answers itself: a path prefix and the fetch-style handler behind it. */
export interface Mount {
  prefix: string;
  handle: FetchHandler;
  /**
   * For a prefix a browser page shares (seed 001's `/agents`, `/tasks`, `/spaces` are also pages):
   * whether this request is for the API. When it says no, the request goes on to Next.
   */
  accepts?: (header: HeaderReader) => boolean;
}

/** The mount that owns a request target (path with an optional query), longest prefix first. */
export function mountFinder(mounts: Mount[]): (url: string, header?: HeaderReader) => Mount | undefined {
  const sorted = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  return (url, header = () => undefined) => {
    const end = url.search(/[?#]/);
    const path = end === -1 ? url : url.slice(0, end);
    return sorted.find(
      (m) => (path === m.prefix || (path.startsWith(m.prefix) && path[m.prefix.length] === "/")) && (!m.accepts || m.accepts(header)),
    );
  };
}

/**
 * An API client rather than a browser: it sends credentials in `Authorization`, or asks for JSON or
 * an event stream without asking for HTML. Browsers navigating to a page send `Accept: text/html,...`.
 */
export function wantsApi(header: HeaderReader): boolean {
  if (header("authorization")) return true;
  const accept = header("accept") ?? "";
  if (accept.includes("text/html")) return false;
  return accept.includes("application/json") || accept.includes("text/event-stream");
}
