import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Two projects: `unit` (pure functions, no database) and `integration` (a fresh database per test
 * file, REST over real HTTP, tRPC through createCaller). DATABASE_URL and REDIS_URL, when set in the
 * environment, switch the integration project to the real Postgres and Redis.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@": path.join(root, "src"),
      // The real package throws outside React Server Components; the server code is fine to import here.
      "server-only": path.join(root, "tests/support/server-only.ts"),
    },
  },
  test: {
    env: {
      ATRIUM_SECRET: "test-secret-0123456789abcdef",
      // High enough that only the rate-limit tests, which lower them, ever see a 429.
      RATE_LIMIT_AUTH_PER_IP: "100000",
      RATE_LIMIT_AUTH_PER_EMAIL: "100000",
    },
    // The dev outbox prints every mail; the tests read the outbox table instead.
    onConsoleLog: (log) => (log.startsWith("[outbox]") ? false : undefined),
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Migrates one template database; each file then clones it instead of migrating its own.
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file runs its own database and argon2 hashes passwords: two files at a time fill two cores.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
