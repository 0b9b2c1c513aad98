import { expect, test, type APIResponse, type Page } from "@playwright/test";

/**
 * Security headers on every kind of response (pages, route handlers, tRPC, the docs, static
 * assets, a 404, a request server.ts refuses itself), and pages that still work under the
 * Content-Security-Policy. The server runs over plain http, so HSTS must be absent.
 */

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  const csp = headers["content-security-policy"];
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy();
  for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'", "connect-src 'self'", "script-src 'self' 'unsafe-inline'"]) {
    expect(csp.split("; "), `${what}: ${directive}`).toContain(directive);
  }
  // `npm start` is the production build: no eval.
  expect(csp, what).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["strict-transport-security"], `${what}: no HSTS over plain http`).toBeUndefined();
}

test("every kind of response carries the security headers", async ({ request }) => {
  const get = (path: string, headers: Record<string, string> = {}) => request.get(path, { maxRedirects: 0, headers });

  const signIn = await get("/sign-in");
  expect(signIn.status()).toBe(200);
  const html = await signIn.text();
  const asset = html.match(/\/_next\/static\/[^"'\s)]+\.(?:js|css)/)?.[0];
  expect(asset, "a static asset referenced by the sign-in page").toBeTruthy();

  const cases: [string, string, number | RegExp][] = [
    ["home page", "/", /^(200|30[0-9])$/],
    ["sign-in page", "/sign-in", 200],
    ["REST health", "/api/v1/health", 200],
    ["OpenAPI document", "/api/openapi.json", 200],
    ["API docs page", "/api/docs", 200],
    ["API docs script", "/api/docs/init.js", 200],
    ["tRPC error", "/api/trpc/identity.me", 401],
    ["unknown /api path", "/api/nothing-here", 404],
    ["unknown page", "/no-such-page-here", 404],
    ["plain health", "/health", 200],
    ["static asset", asset!, 200],
    ["malformed path", "/%zz", /^[45]\d\d$/],
  ];
  for (const [what, path, status] of cases) {
    const response = await get(path);
    if (typeof status === "number") expect(response.status(), what).toBe(status);
    else expect(String(response.status()), what).toMatch(status);
    expectSecurityHeaders(response, `${what} (${path})`);
  }

  // TRUST_PROXY is off here, so a client claiming https is not believed.
  expectSecurityHeaders(await get("/sign-in", { "x-forwarded-proto": "https" }), "sign-in with a forged X-Forwarded-Proto");
});

/** Collects CSP violations (the DOM event and Chromium's console report) and page errors. */
function watchForViolations(page: Page) {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

async function violationEvents(page: Page) {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} blocked ${event.blockedURI}`));
  });
});

test("the sign-in page renders, hydrates and signs in under the CSP", async ({ page }) => {
  const problems = watchForViolations(page);
  const response = await page.goto("/sign-in");
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  // Hydrated: the client component validates before sending anything.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your e-mail address and password.")).toBeVisible();
  expect(await violationEvents(page)).toEqual([]);
  // next-auth's fetches (connect-src 'self') and the dashboard it lands on.
  await page.getByLabel("E-mail").fill("demo@atrium.local");
  await page.getByLabel("Password").fill("atrium-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.waitForLoadState("networkidle");
  expect(await violationEvents(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test("Swagger UI at /api/docs renders the API under the CSP", async ({ page }) => {
  const problems = watchForViolations(page);
  const response = await page.goto("/api/docs");
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline'");
  await expect(page.locator(".swagger-ui .info .title")).toContainText(/Atrium/);
  await expect(page.locator(".swagger-ui .opblock").first()).toBeVisible();
  // Expanding an operation renders its schema with Swagger UI's data: icons.
  await page.locator(".swagger-ui .opblock-summary").first().click();
  await expect(page.locator(".swagger-ui .opblock-body").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await violationEvents(page)).toEqual([]);
  expect(problems).toEqual([]);
});
