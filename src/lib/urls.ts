/** Where people land after signing in when no (acceptable) target was asked for. */
export const DEFAULT_REDIRECT = "/dashboard";

/**
 * Turns an untrusted redirect target (a `callbackUrl`) into a path on this site, or `fallback`.
 *
 * The value is parsed the way a browser will read it: the WHATWG URL parser, resolved against our
 * own origin. That parser drops tabs and newlines and treats `\` as `/`, so `/\t/evil.com`,
 * `/\n/evil.com` and `/\evil.com` all become `//evil.com`, another host, and are refused; so are
 * other schemes (`javascript:` has no origin). Only a result on `origin` is accepted, returned as
 * path + query + fragment (an absolute URL of our own becomes its path). A path that would itself
 * read as protocol-relative (`/.//evil.com` normalises to `//evil.com`) is refused too. Works on the
 * server and in the browser; never compare prefixes of the raw string instead.
 */
export function safeRedirectPath(value: string | string[] | null | undefined, origin: string, fallback = DEFAULT_REDIRECT): string {
  const url = sameOriginUrl(value, origin);
  return url ? url.pathname + url.search + url.hash : fallback;
}

/**
 * The sign-in page's `callbackUrl`: a safe path (see safeRedirectPath) that is not itself a sign-in
 * or sign-up page, which would send people round in a loop.
 */
export function safeCallbackUrl(value: string | string[] | null | undefined, origin: string, fallback = DEFAULT_REDIRECT): string {
  const url = sameOriginUrl(value, origin);
  if (!url || /^\/(sign-in|sign-up|api\/auth)(\/|$)/.test(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}

function sameOriginUrl(value: string | string[] | null | undefined, origin: string): URL | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== "string" || raw === "") return null;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (base.origin === "null" || url.origin !== base.origin) return null;
  // pathname+search+hash must not itself parse as another host when a browser follows it.
  if (url.pathname.startsWith("//")) return null;
  return url;
}

export const firstParam = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
