import type { FetchHandler } from "../node-bridge";

/** An API surface server.ts answers itself: a path prefix and the fetch-style handler behind it. */
export interface Mount {
  prefix: string;
  handle: FetchHandler;
}

/** The mount that owns a request target (path with an optional query), longest prefix first. */
export function mountFinder(mounts: Mount[]): (url: string) => Mount | undefined {
  const sorted = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  return (url) => {
    const end = url.search(/[?#]/);
    const path = end === -1 ? url : url.slice(0, end);
    return sorted.find((m) => path === m.prefix || (path.startsWith(m.prefix) && path[m.prefix.length] === "/"));
  };
}
