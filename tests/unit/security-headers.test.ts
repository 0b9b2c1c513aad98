import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, HSTS, nextConfigHeaders, securityHeaders, securityHeadersFor, servedOverTls } from "@/server/http/security-headers.mjs";

const plain = (headers: Record<string, string | string[] | undefined> = {}) => ({ socket: { encrypted: undefined }, headers });
const tls = (headers: Record<string, string | string[] | undefined> = {}) => ({ socket: { encrypted: true }, headers });

describe("Content-Security-Policy", () => {
  const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

  it("locks down framing, base, forms, plugins and other origins in production", () => {
    expect(directives(contentSecurityPolicy({ dev: false }))).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'unsafe-inline'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data: blob: https: http:",
      "font-src": "'self' data:",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
  });

  it("allows eval and the HMR socket only for the dev server", () => {
    const dev = directives(contentSecurityPolicy({ dev: true }));
    expect(dev["script-src"]).toBe("'self' 'unsafe-inline' 'unsafe-eval'");
    expect(dev["connect-src"]).toBe("'self' ws: wss:");
    expect(contentSecurityPolicy({ dev: false })).not.toContain("unsafe-eval");
  });
});

describe("fixed headers", () => {
  it("are the same for next.config and server.ts, on every path", () => {
    expect(securityHeaders({ dev: false })).toEqual({
      "Content-Security-Policy": contentSecurityPolicy({ dev: false }),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    const [rule, ...rest] = nextConfigHeaders({ dev: false });
    expect(rest).toEqual([]);
    expect(rule.source).toBe("/:path*");
    expect(Object.fromEntries(rule.headers.map((h) => [h.key, h.value]))).toEqual(securityHeaders({ dev: false }));
    expect(rule.headers.map((h) => h.key)).not.toContain("Strict-Transport-Security");
  });
});

describe("HSTS", () => {
  it("is sent when the socket itself is TLS", () => {
    expect(servedOverTls(tls(), { trustProxy: false })).toBe(true);
    expect(securityHeadersFor(tls(), { dev: false, trustProxy: false })["Strict-Transport-Security"]).toBe(HSTS);
    expect(HSTS).toBe("max-age=31536000; includeSubDomains");
  });

  it("is not sent over plain http", () => {
    expect(servedOverTls(plain(), { trustProxy: true })).toBe(false);
    expect(securityHeadersFor(plain(), { dev: false, trustProxy: true })).not.toHaveProperty("Strict-Transport-Security");
    expect(servedOverTls({ headers: {} }, { trustProxy: true })).toBe(false);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    expect(servedOverTls(plain({ "x-forwarded-proto": "https" }), { trustProxy: false })).toBe(false);
    expect(securityHeadersFor(plain({ "x-forwarded-proto": "https" }), { dev: false, trustProxy: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(servedOverTls(plain({ "x-forwarded-proto": "https" }), { trustProxy: true })).toBe(true);
    expect(securityHeadersFor(plain({ "x-forwarded-proto": "https" }), { dev: false, trustProxy: true })["Strict-Transport-Security"]).toBe(HSTS);
  });

  it("reads the client-facing hop of a proxy chain, case-insensitively", () => {
    expect(servedOverTls(plain({ "x-forwarded-proto": "HTTPS" }), { trustProxy: true })).toBe(true);
    expect(servedOverTls(plain({ "x-forwarded-proto": "https, http" }), { trustProxy: true })).toBe(true);
    expect(servedOverTls(plain({ "x-forwarded-proto": "http, https" }), { trustProxy: true })).toBe(false);
    expect(servedOverTls(plain({ "x-forwarded-proto": ["https"] }), { trustProxy: true })).toBe(true);
    expect(servedOverTls(plain({ "x-forwarded-proto": "http" }), { trustProxy: true })).toBe(false);
    expect(servedOverTls(plain({ "x-forwarded-proto": "" }), { trustProxy: true })).toBe(false);
  });
});
