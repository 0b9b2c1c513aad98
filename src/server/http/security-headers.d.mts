/** Types for security-headers.mjs (JavaScript so that next.config.mjs can import it). */

export interface RequestLike {
  /** A TLS socket has `encrypted: true` (node:tls); a plain one has no such property. */
  socket?: object | null;
  headers: Record<string, string | string[] | undefined>;
}

export function contentSecurityPolicy(options: { dev: boolean }): string;
export const HSTS: string;
export function securityHeaders(options: { dev: boolean }): Record<string, string>;
export function servedOverTls(req: RequestLike, options: { trustProxy: boolean }): boolean;
export function securityHeadersFor(req: RequestLike, options: { dev: boolean; trustProxy: boolean }): Record<string, string>;
export function nextConfigHeaders(options: { dev: boolean }): { source: string; headers: { key: string; value: string }[] }[];
