import { describe, expect, it } from "vitest";
import { DEFAULT_REDIRECT, safeCallbackUrl, safeRedirectPath } from "@/lib/urls";
import { authOptions } from "@/server/auth/next-auth";

const ORIGIN = "http://localhost:3000";

/** Where a browser on ORIGIN ends up when it follows `target` (a Location header or router.replace). */
const followed = (target: string) => new URL(target, `${ORIGIN}/sign-in?x=1`);

describe("safeRedirectPath", () => {
  const hostile: [string, string][] = [
    ["tab between the slashes (browsers drop it: //evil.com)", "/\t/evil.com/path"],
    ["newline between the slashes", "/\n/evil.com/path"],
    ["carriage return between the slashes", "/\r/evil.com/path"],
    ["tab and newline mixed", "/\t\n\r/evil.com"],
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with a path", "//evil.com/dashboard"],
    ["backslash after the slash", "/\\evil.com"],
    ["two backslashes", "\\\\evil.com"],
    ["slash and backslash mixed", "\\/evil.com"],
    ["absolute URL elsewhere", "https://evil.com"],
    ["absolute URL elsewhere with our host as user info", "http://localhost:3000@evil.com/"],
    ["our host name on another port", "http://localhost:4000/dashboard"],
    ["our host over another scheme", "https://localhost:3000/dashboard"],
    ["scheme-relative with a tab in the scheme", "ht\ttps://evil.com"],
    ["javascript: URL", "javascript:alert(1)"],
    ["javascript: URL with odd case and spaces", " JavaScript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["dot segment that normalises to //", "/.//evil.com"],
    ["encoded dot segment that normalises to //", "/%2e//evil.com"],
    ["absolute URL of ours whose path starts with //", "http://localhost:3000//evil.com"],
    ["leading whitespace before //", "  //evil.com"],
  ];

  it.each(hostile)("refuses %s", (_name, input) => {
    expect(safeRedirectPath(input, ORIGIN)).toBe(DEFAULT_REDIRECT);
  });

  const encodedOrHarmless = ["%2F%2Fevil.com", "/%2F%2Fevil.com", "/%5Cevil.com", "/%09/evil.com", "evil.com", ".evil.com"];
  it.each(encodedOrHarmless)("keeps %j on this site (percent-encoded or relative, never another host)", (input) => {
    const result = safeRedirectPath(input, ORIGIN);
    expect(followed(result).origin).toBe(ORIGIN);
    expect(result).toMatch(/^\/(?![/\\])/);
  });

  it("keeps every result a same-origin path, whatever a browser does with it", () => {
    for (const [, input] of hostile) {
      const result = safeRedirectPath(input, ORIGIN);
      expect(followed(result).origin).toBe(ORIGIN);
      // And it contains nothing a browser would strip and re-read differently.
      expect(result).not.toMatch(/[\t\n\r\\]/);
    }
  });

  it.each([
    ["/dashboard", "/dashboard"],
    ["/calendar?view=week&date=2026-12-01", "/calendar?view=week&date=2026-12-01"],
    ["/agents/123#history", "/agents/123#history"],
    ["/profile?tab=keys#new", "/profile?tab=keys#new"],
    ["/search?q=a%20b", "/search?q=a%20b"],
  ])("keeps the normal path %j with its query and fragment", (input, expected) => {
    expect(safeRedirectPath(input, ORIGIN)).toBe(expected);
  });

  it.each([
    ["http://localhost:3000/calendar?view=week", "/calendar?view=week"],
    ["http://localhost:3000", "/"],
    ["HTTP://LOCALHOST:3000/profile#bio", "/profile#bio"],
  ])("accepts the absolute URL of this site %j as its path", (input, expected) => {
    expect(safeRedirectPath(input, ORIGIN)).toBe(expected);
  });

  it("normalises dot segments the way the browser will", () => {
    expect(safeRedirectPath("/a/../dashboard", ORIGIN)).toBe("/dashboard");
  });

  it("falls back for nothing, an empty string, or a malformed origin, and takes the first of repeated params", () => {
    expect(safeRedirectPath(undefined, ORIGIN)).toBe(DEFAULT_REDIRECT);
    expect(safeRedirectPath(null, ORIGIN)).toBe(DEFAULT_REDIRECT);
    expect(safeRedirectPath("", ORIGIN)).toBe(DEFAULT_REDIRECT);
    expect(safeRedirectPath("/dashboard", "not an origin")).toBe(DEFAULT_REDIRECT);
    expect(safeRedirectPath(["/calendar", "//evil.com"], ORIGIN)).toBe("/calendar");
    expect(safeRedirectPath(["//evil.com", "/calendar"], ORIGIN)).toBe(DEFAULT_REDIRECT);
    expect(safeRedirectPath("//evil.com", ORIGIN, "/")).toBe("/");
  });

  it("works against an origin with a trailing slash or served over https", () => {
    expect(safeRedirectPath("/calendar", `${ORIGIN}/`)).toBe("/calendar");
    expect(safeRedirectPath("https://atrium.example/calendar", "https://atrium.example")).toBe("/calendar");
    expect(safeRedirectPath("http://atrium.example/calendar", "https://atrium.example")).toBe(DEFAULT_REDIRECT);
  });
});

describe("safeCallbackUrl (the sign-in page)", () => {
  it("refuses what safeRedirectPath refuses", () => {
    expect(safeCallbackUrl("/\t/evil.com/path", ORIGIN)).toBe(DEFAULT_REDIRECT);
    expect(safeCallbackUrl("https://evil.com", ORIGIN)).toBe(DEFAULT_REDIRECT);
  });

  it("refuses the sign-in and sign-up pages and next-auth's routes, which would loop", () => {
    for (const input of ["/sign-in", "/sign-in?callbackUrl=%2Fdashboard", "/sign-up/", "/api/auth/signout", `${ORIGIN}/sign-in`, "/./sign-in"]) {
      expect(safeCallbackUrl(input, ORIGIN)).toBe(DEFAULT_REDIRECT);
    }
  });

  it("keeps other paths of this site", () => {
    expect(safeCallbackUrl("/sign-insights", ORIGIN)).toBe("/sign-insights");
    expect(safeCallbackUrl("/profile?tab=keys", ORIGIN)).toBe("/profile?tab=keys");
  });
});

describe("next-auth's redirect callback", () => {
  const redirect = (url: string) => authOptions().callbacks!.redirect!({ url, baseUrl: ORIGIN });

  it("keeps sign-in and sign-out targets on this site, as absolute URLs of it", async () => {
    expect(await redirect("/sign-in")).toBe(`${ORIGIN}/sign-in`);
    expect(await redirect("/calendar?view=week")).toBe(`${ORIGIN}/calendar?view=week`);
    expect(await redirect(`${ORIGIN}/profile`)).toBe(`${ORIGIN}/profile`);
  });

  it.each(["/\t/evil.com/path", "/\n/evil.com", "//evil.com", "https://evil.com", "javascript:alert(1)"])("sends %j home instead", async (url) => {
    expect(await redirect(url)).toBe(`${ORIGIN}${DEFAULT_REDIRECT}`);
  });
});
