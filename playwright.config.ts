import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in Debian's Chromium (Playwright cannot download browsers here) against the
 * production server that `npm start` runs, on a fresh embedded database.
 */
const port = Number(process.env.E2E_PORT ?? 3000);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    locale: "en-US",
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } } },
    {
      // The journeys again on a phone (touch, 390 px: the drawer, the agenda, the designer's tabs).
      // Request-level specs render nothing, so they run once, on desktop.
      name: "phone",
      use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } },
      testIgnore: [/security\.spec\.ts$/, /security-headers\.spec\.ts$/, /session-revocation\.spec\.ts$/],
    },
  ],
  webServer: {
    // A throwaway data directory so every run starts from an empty database (seeded with demo).
    command: "rm -rf .data/e2e && npm start",
    url: `${baseURL}/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      PGLITE_DIR: ".data/e2e/pglite",
      ATRIUM_SECRET: process.env.ATRIUM_SECRET ?? "e2e-secret-not-for-production-0123456789",
      ATRIUM_MODE: "development",
      // The journey signs up and in several times from one address; keep the limits out of its way.
      RATE_LIMIT_AUTH_PER_IP: "1000",
      RATE_LIMIT_AUTH_PER_EMAIL: "1000",
      // The A2A, comms and network journeys run their outside agents and webhook receivers on 127.0.0.2,
      // the one private address the server may reach; everything else stays refused (the MCP journey
      // sees its own 127.0.0.1 URL refused).
      OUTBOUND_ALLOW_PRIVATE: "127.0.0.2",
      DATABASE_URL: "",
      REDIS_URL: "",
    },
  },
});
