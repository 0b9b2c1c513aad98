/**
 * Only same-site paths may be redirect targets, so a crafted link cannot send people elsewhere.
 * Absolute URLs (even our own) fall back; every redirect Atrium makes uses a path.
 */
export function safeCallbackUrl(value: string | string[] | undefined, fallback = "/dashboard") {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  if (/^\/(sign-in|sign-up|api\/auth)(\/|\?|$)/.test(path)) return fallback;
  return path;
}

export const firstParam = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
